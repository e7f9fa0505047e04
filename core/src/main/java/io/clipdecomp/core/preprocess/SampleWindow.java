package io.clipdecomp.core.preprocess;

/**
 * The columns {@code [x0, x1)} and rows {@code [y0, y1)} of an image that a consumer reads: a decoder may leave the
 * samples outside unconverted and skip the rows outside, as a center crop needs only part of the image.
 */
public record SampleWindow(int x0, int x1, int y0, int y1) {
    public SampleWindow {
        if (x0 < 0 || y0 < 0 || x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("empty or negative window [" + x0 + ", " + x1 + ") x [" + y0 + ", "
                    + y1 + ")");
        }
    }

    /** The whole of a {@code width x height} image. */
    public static SampleWindow all(int width, int height) {
        return new SampleWindow(0, width, 0, height);
    }
}
