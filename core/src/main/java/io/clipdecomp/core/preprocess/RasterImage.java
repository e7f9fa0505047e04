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
     * {@code cmyk2rgb}. An RGB image is returned as is.
     */
    public RasterImage toRgb() {
        if (mode == ImageMode.RGB) {
            return this;
        }
        byte[] rgb = new byte[width * height * 3];
        int stride = width * mode.bands();
        for (int y = 0; y < height; y++) {
            rowToRgb(mode, palette, samples, y * stride, width, rgb, y * width * 3);
        }
        return rgb(width, height, rgb);
    }

    /** {@code convert('RGB')} of one row of {@code width} pixels in {@code mode} (see {@link #toRgb()}). */
    static void rowToRgb(ImageMode mode, int[] palette, byte[] src, int at, int width, byte[] rgb, int out) {
        int bands = mode.bands();
        for (int x = 0; x < width; x++) {
            int i = at + x * bands;
            int o = out + x * 3;
            switch (mode) {
                case P: {
                    int colour = paletteColour(palette, src[i] & 0xFF);
                    rgb[o] = (byte) (colour >>> 16);
                    rgb[o + 1] = (byte) (colour >>> 8);
                    rgb[o + 2] = (byte) colour;
                    break;
                }
                case L:
                case LA:
                case I:
                    rgb[o] = src[i];
                    rgb[o + 1] = src[i];
                    rgb[o + 2] = src[i];
                    break;
                case CMYK: {
                    int nk = 255 - (src[i + 3] & 0xFF);
                    rgb[o] = (byte) cmykToRgb(src[i] & 0xFF, nk);
                    rgb[o + 1] = (byte) cmykToRgb(src[i + 1] & 0xFF, nk);
                    rgb[o + 2] = (byte) cmykToRgb(src[i + 2] & 0xFF, nk);
                    break;
                }
                default:
                    rgb[o] = src[i];
                    rgb[o + 1] = src[i + 1];
                    rgb[o + 2] = src[i + 2];
                    break;
            }
        }
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
    private static int paletteColour(int[] palette, int index) {
        return index < palette.length ? palette[index] & 0xFFFFFF : index * 0x010101;
    }
}
