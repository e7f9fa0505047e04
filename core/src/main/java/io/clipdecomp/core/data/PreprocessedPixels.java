package io.clipdecomp.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Pixels ready for the model: 3 channels of {@code size x size}, normalised, channel-major (C, H, W).
 *
 * @param chw {@code 3 * size * size} values; not copied, callers must not modify them
 * @param size the image's height and width
 */
public record PreprocessedPixels(float[] chw, int size) implements ImagePayload {
    public PreprocessedPixels {
        Objects.requireNonNull(chw, "chw");
        if (size <= 0 || chw.length != 3L * size * size) {
            throw new IllegalArgumentException("preprocessed pixels of size " + size + " need 3*" + size + "*" + size
                    + " values, got " + chw.length);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreprocessedPixels that && size == that.size && Arrays.equals(chw, that.chw);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(chw);
    }

    @Override
    public String toString() {
        return "PreprocessedPixels[3x" + size + "x" + size + "]";
    }
}
