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

    /**
     * This image as RGB, the way Pillow's {@code convert('RGB')} does it: L is replicated, alpha is dropped
     * without compositing (the stored colour under alpha 0 is kept), P goes through the palette, CMYK through
     * {@code cmyk2rgb}. An RGB
     * image is returned as is.
     */
    public RasterImage toRgb() {
        if (mode == ImageMode.RGB) {
            return this;
        }
        int pixels = width * height;
        int bands = mode.bands();
        byte[] rgb = new byte[pixels * 3];
        for (int i = 0; i < pixels; i++) {
            int r;
            int g;
            int b;
            if (mode == ImageMode.P) {
                int colour = paletteColour(samples[i] & 0xFF);
                r = colour >>> 16 & 0xFF;
                g = colour >>> 8 & 0xFF;
                b = colour & 0xFF;
            } else if (mode == ImageMode.L || mode == ImageMode.LA) {
                r = samples[i * bands] & 0xFF;
                g = r;
                b = r;
            } else if (mode == ImageMode.CMYK) {
                int nk = 255 - (samples[i * 4 + 3] & 0xFF);
                r = cmykToRgb(samples[i * 4] & 0xFF, nk);
                g = cmykToRgb(samples[i * 4 + 1] & 0xFF, nk);
                b = cmykToRgb(samples[i * 4 + 2] & 0xFF, nk);
            } else {
                r = samples[i * bands] & 0xFF;
                g = samples[i * bands + 1] & 0xFF;
                b = samples[i * bands + 2] & 0xFF;
            }
            rgb[i * 3] = (byte) r;
            rgb[i * 3 + 1] = (byte) g;
            rgb[i * 3 + 2] = (byte) b;
        }
        return rgb(width, height, rgb);
    }

    /** The {@code cropWidth x cropHeight} region whose top-left pixel is (left, top), in this image's mode. */
    public RasterImage crop(int left, int top, int cropWidth, int cropHeight) {
        if (left < 0 || top < 0 || cropWidth <= 0 || cropHeight <= 0
                || left + cropWidth > width || top + cropHeight > height) {
            throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + " at (" + left + ", "
                    + top + ") does not fit in a " + width + "x" + height + " image");
        }
        int bands = mode.bands();
        byte[] out = new byte[cropWidth * cropHeight * bands];
        for (int y = 0; y < cropHeight; y++) {
            System.arraycopy(samples, ((top + y) * width + left) * bands, out, y * cropWidth * bands,
                    cropWidth * bands);
        }
        return new RasterImage(cropWidth, cropHeight, mode, out, palette == null ? null : palette.clone());
    }

    /** Pillow's {@code cmyk2rgb} for one channel: {@code nk - MULDIV255(ink, nk)} with nk = 255 - K, clipped. */
    static int cmykToRgb(int ink, int nk) {
        int v = nk - PillowResize.mulDiv255(ink, nk);
        return v < 0 ? 0 : v;
    }

    /** Pillow's palettes have 256 entries and start as a gray ramp, so an index past the stored colours is gray. */
    private int paletteColour(int index) {
        return index < palette.length ? palette[index] & 0xFFFFFF : index * 0x010101;
    }
}
