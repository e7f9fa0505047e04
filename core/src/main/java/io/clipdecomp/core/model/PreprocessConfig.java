package io.clipdecomp.core.model;

import java.util.Arrays;

/**
 * Per-channel normalisation of OpenCLIP's {@code preprocess_cfg}; resizing is always bicubic, shorter side.
 *
 * @param mean per-channel mean subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation divided by
 */
public record PreprocessConfig(float[] mean, float[] std) {

    /** OpenAI's CLIP statistics, OpenCLIP's default. */
    public static final PreprocessConfig OPENAI = new PreprocessConfig(
            new float[] {0.48145466f, 0.4578275f, 0.40821073f},
            new float[] {0.26862954f, 0.26130258f, 0.27577711f});

    public PreprocessConfig {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("preprocess_cfg.mean and std need 3 values each, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("preprocess_cfg.std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessConfig p && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PreprocessConfig[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
