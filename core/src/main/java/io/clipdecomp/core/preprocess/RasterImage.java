package io.clipdecomp.core.preprocess;

import java.util.Objects;

/**
 * An 8-bit image as stored: interleaved unsigned samples, row-major, {@code mode.bands()} per pixel.
 *
 * <p>Samples are kept exactly as decoded (no colour management), since the reference pipeline (Pillow)
 * works on stored values.
 */
public final class RasterImage {
    private final int width;
    private final int height;
    private final ImageMode mode;
    private final byte[] samples;
    private final int[] palette;

    /**
     * @param samples interleaved samples, {@code width * height * mode.bands()} bytes
     * @param palette for {@link ImageMode#P}: colours as {@code 0xRRGGBB}, indexed by sample; else null
     */
    public RasterImage(int width, int height, ImageMode mode, byte[] samples, int[] palette) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        this.mode = Objects.requireNonNull(mode, "mode");
        if (samples.length != (long) width * height * mode.bands()) {
            throw new IllegalArgumentException("expected " + (long) width * height * mode.bands()
                    + " samples for " + width + "x" + height + " " + mode + ", got " + samples.length);
        }
        if ((mode == ImageMode.P) != (palette != null)) {
            throw new IllegalArgumentException("a palette is required for mode P and only for it");
        }
        this.width = width;
        this.height = height;
        this.samples = samples;
        this.palette = palette;
    }

    /** An RGB image from interleaved samples. */
    public static RasterImage rgb(int width, int height, byte[] samples) {
        return new RasterImage(width, height, ImageMode.RGB, samples, null);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public ImageMode mode() {
        return mode;
    }

    /** The samples themselves, not a copy: callers must not modify them. */
    public byte[] samples() {
        return samples;
    }

    /** The palette of a {@link ImageMode#P} image, else null. */
    public int[] palette() {
        return palette;
    }

    /** Sample {@code band} of pixel (x, y) as 0..255. */
    public int sample(int x, int y, int band) {
        return samples[(y * width + x) * mode.bands() + band] & 0xFF;
    }
}
