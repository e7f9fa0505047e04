package io.clipdecomp.core.segment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.VisionConfig;
import io.clipdecomp.core.model.VisionTap;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps to read the decomposition's segmentation against, at the model's patch resolution and through the same
 * protocol: a fixed centre blob (where objects usually are), the class token's attention to each patch in the last
 * layer (averaged over heads), and an oracle that scores each patch by the share of its pixels the true mask covers:
 * what knowing the masks at this resolution scores under the protocol. It is a ceiling in spirit, not a bound: the
 * threshold at the map's mean can let a sharper map score above it. Their predicted class is -1: they use none.
 */
public final class ReferenceMaps {
    /** The name of every reference map, as {@code segment --map} takes it. */
    public static final List<String> NAMES = List.of("centre", "cls-attention", "mask-coverage");

    private ReferenceMaps() {
    }

    /** The reference map {@code name} for {@code model}. */
    public static PatchMapper named(String name, ClipModel model) {
        VisionConfig v = model.config().vision();
        return switch (name) {
            case "centre" -> new Fixed(v.grid(), v.patchSize(), centreBlob(v.grid()));
            case "cls-attention" -> new ClassTokenAttention(model);
            case "mask-coverage" -> new MaskCoverage(v.grid(), v.patchSize());
            default -> throw new IllegalArgumentException("unknown reference map '" + name + "'; known: " + NAMES);
        };
    }

    /** exp(−r² / 2σ²) of each token centre's distance r from the image centre, σ a quarter of the grid. */
    static float[] centreBlob(int grid) {
        float[] values = new float[grid * grid];
        double c = (grid - 1) / 2.0;
        double sigma = grid / 4.0;
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                double r2 = (x - c) * (x - c) + (y - c) * (y - c);
                values[y * grid + x] = (float) Math.exp(-r2 / (2 * sigma * sigma));
            }
        }
        return values;
    }

    /** The same map for every image. */
    private record Fixed(int grid, int patch, float[] values) implements PatchMapper {
        @Override
        public List<PatchMap> patchMaps(List<float[]> pixels, List<LabelMask> truths) {
            List<PatchMap> maps = new ArrayList<>();
            for (int i = 0; i < pixels.size(); i++) {
                maps.add(new PatchMap(-1, grid, values.clone()));
            }
            return maps;
        }
    }

    /** Per token, the share of its pixels inside the true mask. */
    private record MaskCoverage(int grid, int patch) implements PatchMapper {
        @Override
        public List<PatchMap> patchMaps(List<float[]> pixels, List<LabelMask> truths) {
            List<PatchMap> maps = new ArrayList<>();
            for (LabelMask truth : truths) {
                if (truth.width() != grid * patch || truth.height() != grid * patch) {
                    throw new IllegalArgumentException("a " + truth.width() + "x" + truth.height() + " mask for a "
                            + grid * patch + " px input");
                }
                float[] values = new float[grid * grid];
                for (int y = 0; y < grid * patch; y++) {
                    for (int x = 0; x < grid * patch; x++) {
                        if (truth.isForeground(x, y)) {
                            values[(y / patch) * grid + x / patch] += 1f / (patch * patch);
                        }
                    }
                }
                maps.add(new PatchMap(-1, grid, values));
            }
            return maps;
        }
    }

    /** The last layer's attention from the class token to each image token, averaged over heads. */
    private static final class ClassTokenAttention implements PatchMapper {
        private final ClipModel model;
        private final int grid;
        private final int patch;
        private final int lastLayer;

        ClassTokenAttention(ClipModel model) {
            this.model = model;
            VisionConfig v = model.config().vision();
            this.grid = v.grid();
            this.patch = v.patchSize();
            this.lastLayer = v.layers() - 1;
        }

        @Override
        public int grid() {
            return grid;
        }

        @Override
        public int patch() {
            return patch;
        }

        @Override
        public List<PatchMap> patchMaps(List<float[]> pixels, List<LabelMask> truths) {
            int s = model.config().vision().imageSize();
            int tokens = grid * grid;
            float[] flat = new float[pixels.size() * 3 * s * s];
            for (int i = 0; i < pixels.size(); i++) {
                System.arraycopy(pixels.get(i), 0, flat, i * 3 * s * s, 3 * s * s);
            }
            float[][] attention = new float[1][];
            try (NDManager batch = model.newBatchManager()) {
                NDArray input = batch.create(flat, new Shape(pixels.size(), 3, s, s));
                model.vision().encode(input, new VisionTap() {
                    @Override
                    public void attention(int layer, NDArray probs, NDArray values, NDArray headOutputs) {
                        if (layer == lastLayer) {
                            // probs [B, H, N, N]: query 0 (the class token), keys 1.. (the image tokens)
                            attention[0] = probs.get(new NDIndex(":, :, 0, 1:")).mean(new int[] {1}).toFloatArray();
                        }
                    }

                    @Override
                    public void mlp(int layer, NDArray output) {
                    }

                    @Override
                    public void lnPre(NDArray x) {
                    }

                    @Override
                    public void pooled(NDArray z) {
                    }
                });
            }
            List<PatchMap> maps = new ArrayList<>();
            for (int i = 0; i < pixels.size(); i++) {
                float[] values = new float[tokens];
                System.arraycopy(attention[0], i * tokens, values, 0, tokens);
                maps.add(new PatchMap(-1, grid, values));
            }
            return maps;
        }
    }
}
