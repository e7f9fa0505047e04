package io.clipdecomp.core.model;

import ai.djl.Device;
import java.util.SplittableRandom;

/** Small random models of several geometries for tests. */
public final class TestModels {
    private TestModels() {
    }

    /** Square images of 16 px, patch 4, 3 heads of 8, exact GELU. */
    public static ClipConfig tiny() {
        return new ClipConfig(12, new VisionConfig(16, 4, 24, 2, 8, 4.0), new TextConfig(12, 40, 16, 2, 2, 4.0),
                false, PreprocessConfig.OPENAI);
    }

    /** Head width 12, QuickGELU, MLP ratio 2, three layers, patch 8 on 24 px. */
    public static ClipConfig quickGelu() {
        return new ClipConfig(10, new VisionConfig(24, 8, 36, 3, 12, 2.0), new TextConfig(9, 25, 20, 4, 1, 2.0),
                true, new PreprocessConfig(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}));
    }

    /** One head as wide as the residual stream (H = 1), one layer. */
    public static ClipConfig singleHead() {
        return new ClipConfig(8, new VisionConfig(8, 4, 16, 1, 16, 4.0), new TextConfig(6, 12, 8, 1, 1, 4.0),
                false, PreprocessConfig.OPENAI);
    }

    public static ClipModel random(ClipConfig config, long seed) {
        return ClipModel.random(config, seed, Device.cpu());
    }

    /** Standard-normal pixels [3, S, S], like a normalised image. */
    public static float[] pixels(ClipConfig config, long seed) {
        int s = config.vision().imageSize();
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[3 * s * s];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return p;
    }
}
