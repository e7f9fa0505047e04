package io.clipdecomp.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.io.TensorStore;
import java.io.IOException;
import java.nio.file.Path;

/** A CLIP model in memory: weights on one device and the two towers that read them. */
public final class ClipModel implements AutoCloseable {
    private final ClipWeights weights;
    private final VisionTransformer vision;
    private final TextTransformer text;

    private ClipModel(ClipWeights weights) {
        this.weights = weights;
        this.vision = new VisionTransformer(weights);
        this.text = new TextTransformer(weights);
    }

    /** Loads a model folder onto a device. */
    public static ClipModel load(ModelFolder folder, Device device) throws IOException {
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device);
        try (TensorStore store = folder.openWeights()) {
            return new ClipModel(ClipWeights.load(store, folder.weights(), folder.config(), manager));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Loads the model folder at {@code dir} onto a device. */
    public static ClipModel load(Path dir, Device device) throws IOException {
        return load(ModelFolder.open(dir), device);
    }

    /** A model with random weights of the given geometry (see {@link ClipWeights#random}). */
    public static ClipModel random(ClipConfig config, long seed, Device device) {
        return new ClipModel(ClipWeights.random(config, seed, Engine.getEngine("PyTorch").newBaseManager(device)));
    }

    /** Wraps weights already in memory; the model takes ownership of them. */
    public static ClipModel of(ClipWeights weights) {
        return new ClipModel(weights);
    }

    public ClipConfig config() {
        return weights.config();
    }

    public ClipWeights weights() {
        return weights;
    }

    public VisionTransformer vision() {
        return vision;
    }

    public TextTransformer text() {
        return text;
    }

    public Device device() {
        return weights.manager().getDevice();
    }

    /** A manager for one batch's arrays on the model's device; close it when the batch is done. */
    public NDManager newBatchManager() {
        return weights.manager().newSubManager();
    }

    /** exp(logit_scale): the temperature CLIP multiplies cosine similarities by. */
    public float logitScale() {
        return (float) Math.exp(weights.get("logit_scale").toFloatArray()[0]);
    }

    @Override
    public void close() {
        weights.close();
    }
}
