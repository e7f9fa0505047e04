package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipdecomp.core.io.TensorStore;
import io.clipdecomp.core.io.WeightFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** All parameters of a CLIP model as NDArrays keyed by their OpenCLIP state-dict names, shapes checked. */
public final class ClipWeights implements AutoCloseable {
    private final ClipConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> arrays;

    private ClipWeights(ClipConfig config, NDManager manager, Map<String, NDArray> arrays) {
        this.config = config;
        this.manager = manager;
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    /**
     * Reads every tensor the config needs from a weight store, widening F16/BF16 to float32, after checking
     * that the store and the config describe the same model (see {@link WeightChecks}).
     *
     * @param source the weights file (or shard index) named in messages about missing keys
     * @param manager owns the arrays; closed by {@link #close()}
     * @throws WeightFileException naming the file and the key (and both shapes) on a missing, unused, misshapen
     *     or non-finite tensor, or a block count or saved head count the config contradicts
     */
    public static ClipWeights load(TensorStore store, Path source, ClipConfig config, NDManager manager) throws IOException {
        WeightChecks.checkLayout(store, source, config);
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : OpenClipKeys.expectedShapes(config).entrySet()) {
            float[] values = WeightChecks.readFinite(store, e.getKey());
            arrays.put(e.getKey(), manager.create(values).reshape(new Shape(e.getValue())));
        }
        return new ClipWeights(config, manager, arrays);
    }

    /** Wraps arrays already in memory (e.g. after training), checking that every key is present and shaped. */
    public static ClipWeights of(ClipConfig config, NDManager manager, Map<String, NDArray> arrays) {
        Map<String, NDArray> checked = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : OpenClipKeys.expectedShapes(config).entrySet()) {
            NDArray a = arrays.get(e.getKey());
            if (a == null || !a.getShape().equals(new Shape(e.getValue()))) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape "
                        + (a == null ? "none" : a.getShape()) + ", expected " + Arrays.toString(e.getValue()));
            }
            checked.put(e.getKey(), a);
        }
        return new ClipWeights(config, manager, checked);
    }

    /**
     * Random weights in the model's geometry, for benchmarks and tests: scaled so activations stay of
     * order one through any depth, LayerNorm gains and biases perturbed so no term is trivially zero.
     */
    public static ClipWeights random(ClipConfig config, long seed, NDManager manager) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : OpenClipKeys.expectedShapes(config).entrySet()) {
            String key = e.getKey();
            long[] shape = e.getValue();
            float[] values = new float[(int) new Shape(shape).size()];
            if (key.equals("logit_scale")) {
                values[0] = (float) Math.log(1 / 0.07);
            } else if (key.endsWith("ln_1.weight") || key.endsWith("ln_2.weight") || key.contains("ln_pre.weight")
                    || key.contains("ln_post.weight") || key.equals("ln_final.weight")) {
                fill(random, values, 1.0, 0.1);
            } else if (key.endsWith("bias")) {
                fill(random, values, 0.0, 0.05);
            } else if (key.equals("token_embedding.weight")) {
                fill(random, values, 0.0, 0.5);
            } else if (key.endsWith("positional_embedding")) {
                fill(random, values, 0.0, 0.1);
            } else if (key.equals("visual.class_embedding")) {
                fill(random, values, 0.0, 1.0);
            } else {
                long fanIn = key.endsWith("proj") || key.equals("text_projection") ? shape[0] : fanIn(shape);
                fill(random, values, 0.0, 1.0 / Math.sqrt(fanIn));
            }
            arrays.put(key, manager.create(values).reshape(new Shape(shape)));
        }
        return new ClipWeights(config, manager, arrays);
    }

    /**
     * The starting point for training, as OpenCLIP initialises a CLIP: unit LayerNorms, zero biases, small
     * token and positional embeddings, projections scaled by width^-1/2 and the residual-branch outputs
     * additionally by (2L)^-1/2 so the stream's variance does not grow with depth; logit scale 1/0.07.
     */
    public static ClipWeights initialised(ClipConfig config, long seed, NDManager manager) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : OpenClipKeys.expectedShapes(config).entrySet()) {
            String key = e.getKey();
            long[] shape = e.getValue();
            boolean visual = key.startsWith("visual.");
            double width = visual ? config.vision().width() : config.text().width();
            double depth = visual ? config.vision().layers() : config.text().layers();
            float[] values = new float[(int) new Shape(shape).size()];
            if (key.equals("logit_scale")) {
                values[0] = (float) Math.log(1 / 0.07);
            } else if (key.contains("ln_") && key.endsWith(".weight")) {
                Arrays.fill(values, 1f);
            } else if (key.endsWith("bias")) {
                continue;
            } else if (key.equals("token_embedding.weight")) {
                fill(random, values, 0.0, 0.02);
            } else if (key.equals("positional_embedding")) {
                fill(random, values, 0.0, 0.01);
            } else if (key.endsWith("attn.out_proj.weight") || key.endsWith("mlp.c_proj.weight")) {
                fill(random, values, 0.0, Math.pow(width, -0.5) * Math.pow(2 * depth, -0.5));
            } else if (key.endsWith("mlp.c_fc.weight")) {
                fill(random, values, 0.0, Math.pow(2 * width, -0.5));
            } else if (key.equals("visual.conv1.weight")) {
                fill(random, values, 0.0, 1.0 / Math.sqrt(fanIn(shape)));
            } else {
                fill(random, values, 0.0, Math.pow(width, -0.5));
            }
            arrays.put(key, manager.create(values).reshape(new Shape(shape)));
        }
        for (Map.Entry<String, long[]> e : OpenClipKeys.expectedShapes(config).entrySet()) {
            arrays.computeIfAbsent(e.getKey(), k -> manager.zeros(new Shape(e.getValue())));
        }
        return of(config, manager, arrays);
    }

    private static long fanIn(long[] shape) {
        long f = 1;
        for (int i = 1; i < shape.length; i++) {
            f *= shape[i];
        }
        return f;
    }

    private static void fill(SplittableRandom random, float[] values, double mean, double std) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (mean + std * gaussian(random));
        }
    }

    /** Box-Muller, since SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public ClipConfig config() {
        return config;
    }

    /** The manager that owns every weight array. */
    public NDManager manager() {
        return manager;
    }

    /** The array for an OpenCLIP key; fails for keys the model does not have. */
    public NDArray get(String key) {
        NDArray a = arrays.get(key);
        if (a == null) {
            throw new IllegalArgumentException("no weight named '" + key + "'");
        }
        return a;
    }

    /** All arrays by key, in a stable order (read-only map). */
    public Map<String, NDArray> asMap() {
        return arrays;
    }

    @Override
    public void close() {
        manager.close();
    }
}
