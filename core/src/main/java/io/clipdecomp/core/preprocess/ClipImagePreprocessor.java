package io.clipdecomp.core.preprocess;

import io.clipdecomp.core.model.ClipConfig;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * OpenCLIP's eval transform (torchvision 0.14, Pillow 9.4): shorter side to {@code size} with bicubic, center
 * crop, RGB, ToTensor, Normalize; the 8-bit pixels match Pillow exactly. Made for a model by {@link #forModel};
 * encoded images go through {@link #toPixels(byte[], ColourConversion)} (or {@link BoundedImagePreprocessor}
 * where many decode at once), which decodes straight into the resize without a full-size copy.
 */
public final class ClipImagePreprocessor implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int CHANNELS = 3;
    /** Resizing works in the image's own mode when converting after the crop: up to four bands. */
    private static final int MAX_BANDS = 4;
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

    private final int size;
    private final float[] mean;
    private final float[] std;
    private final boolean strictPixels;
    /** Made on first use; not shipped with the transform. */
    private transient volatile float[][] normalisedTable;

    /**
     * @param size side of the square model input
     * @param mean per-channel mean (R, G, B) subtracted after scaling to [0, 1]
     * @param std  per-channel standard deviation (R, G, B) divided by after that
     */
    public ClipImagePreprocessor(int size, float[] mean, float[] std) {
        this(size, mean, std, false);
    }

    private ClipImagePreprocessor(int size, float[] mean, float[] std, boolean strictPixels) {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length != CHANNELS || std.length != CHANNELS) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel, got " + mean.length
                    + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("std must be positive and finite, got " + Arrays.toString(std));
            }
        }
        this.size = size;
        this.mean = mean.clone();
        this.std = std.clone();
        this.strictPixels = strictPixels;
    }

    /** The transform of a model: its input size and its preprocess_cfg mean and std. */
    public static ClipImagePreprocessor forModel(ClipConfig config) {
        return new ClipImagePreprocessor(config.vision().imageSize(), config.preprocess().mean(),
                config.preprocess().std());
    }

    /**
     * This transform, refusing to run where {@link DecoderSelfCheck} finds that the JVM does not decode as Pillow
     * ({@value DecoderSelfCheck#STRICT_OPTION}) if {@code strict}, else only warning there.
     */
    public ClipImagePreprocessor withStrictPixels(boolean strict) {
        return new ClipImagePreprocessor(size, mean, std, strict);
    }

    /** Whether a failed {@link DecoderSelfCheck} stops whatever decodes with this transform. */
    public boolean strictPixels() {
        return strictPixels;
    }

    /** Side of the square model input. */
    public int size() {
        return size;
    }

    /**
     * The model input of an encoded image (PNG, JPEG, ...), within the default {@link ImageLimits} but no shared
     * decode budget: CHW float32, {@code 3 * size * size} values.
     *
     * @param when the loader's conversion rule: {@link ColourConversion#BEFORE_RESIZE} for dataset loaders
     * @throws ImageDecodeException if the image is over a limit, corrupt, or of a format not decoded as Pillow does
     */
    public float[] toPixels(byte[] encoded, ColourConversion when) throws ImageDecodeException {
        ImageLimits limits = ImageLimits.defaults();
        limits.checkBytes(encoded.length);
        try (OpenImage image = ImageDecoder.open(encoded, limits.maxPixels())) {
            return toPixels(image, when);
        }
    }

    /** The model input of an opened image, decoded row by row into the resize. */
    float[] toPixels(OpenImage image, ColourConversion when) throws ImageDecodeException {
        return normalise(resizeAndCrop(image, when));
    }

    /** The 8-bit RGB crop of an opened image, decoded row by row (only the rows and columns the crop reads). */
    RasterImage resizeAndCrop(OpenImage image, ColourConversion when) throws ImageDecodeException {
        try {
            resizeTarget(image.width(), image.height());
        } catch (IllegalArgumentException e) {
            throw new ImageDecodeException(e.getMessage(), e);
        }
        CenterCropSink crop = new CenterCropSink(this, Objects.requireNonNull(when, "when"));
        image.decode(crop);
        return crop.crop();
    }

    /** The model input of {@code img}: CHW float32, {@code 3 * size * size} values. */
    public float[] toPixels(RasterImage img, ColourConversion when) {
        return normalise(resizeAndCrop(img, when));
    }

    /** The 8-bit RGB {@code size x size} image that {@link #toPixels} scales and normalises. */
    public RasterImage resizeAndCrop(RasterImage img, ColourConversion when) {
        Objects.requireNonNull(img, "img");
        CenterCropSink crop = new CenterCropSink(this, Objects.requireNonNull(when, "when"));
        try {
            crop.begin(img.width(), img.height(), img.mode(), img.palette());
        } catch (ImageDecodeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int stride = img.width() * img.mode().bands();
        for (int y = 0; y < img.height(); y++) {
            crop.row(y, img.samples(), y * stride);
        }
        return crop.crop();
    }

    /**
     * A one-band label image (a mask) put through the same geometry as {@link #resizeAndCrop}, with nearest
     * sampling instead of bicubic, so that it stays aligned with the model input.
     */
    public RasterImage resizeAndCropNearest(RasterImage labels) {
        Objects.requireNonNull(labels, "labels");
        int[] target = resizeTarget(labels.width(), labels.height());
        RasterImage resized = PillowResize.nearest(labels, target[0], target[1]);
        return resized.crop(cropOffset(target[0]), cropOffset(target[1]), size, size);
    }

    private float[] normalise(RasterImage rgb) {
        float[][] table = normalised();
        byte[] samples = rgb.samples();
        int plane = size * size;
        float[] pixels = new float[CHANNELS * plane];
        for (int c = 0; c < CHANNELS; c++) {
            float[] t = table[c];
            for (int i = 0; i < plane; i++) {
                pixels[c * plane + i] = t[samples[i * CHANNELS + c] & 0xFF];
            }
        }
        return pixels;
    }

    /**
     * Per channel, the model input of each of the 256 sample values: ToTensor divides the float tensor by 255,
     * Normalize subtracts and divides, all in float32, so a table of these exact results is the transform.
     */
    private float[][] normalised() {
        float[][] t = normalisedTable;
        if (t == null) {
            t = new float[CHANNELS][256];
            for (int c = 0; c < CHANNELS; c++) {
                for (int v = 0; v < 256; v++) {
                    float x = v / 255f;
                    t[c][v] = (x - mean[c]) / std[c];
                }
            }
            normalisedTable = t;
        }
        return t;
    }

    /**
     * Heap that {@link #toPixels} may hold at its peak for a {@code width x height} image, beyond the decoder's own:
     * an RGB row, the resize of the crop window (see {@link PillowResize}), the crop and the pixels.
     *
     * @throws IllegalArgumentException if the resized image would not fit one Java array (an extreme aspect ratio)
     */
    public long workingBytes(int width, int height) {
        int[] target = resizeTarget(width, height);
        return (long) width * CHANNELS
                + PillowResize.workingBytes(width, height, target[0], target[1], size, size)
                + (long) size * size * (MAX_BANDS + CHANNELS + CHANNELS * Float.BYTES);
    }

    /** torchvision: the shorter side becomes size, the longer int(size * long / short), truncated. */
    int[] resizeTarget(int w, int h) {
        long newW;
        long newH;
        if (w <= h) {
            newW = size;
            newH = (long) ((double) ((long) size * h) / w);
        } else {
            newH = size;
            newW = (long) ((double) ((long) size * w) / h);
        }
        // Pillow holds the whole resized image (and torchvision asks for it): refused where it could not
        if (newW * Math.max(newH, h) * MAX_BANDS > LARGEST_ARRAY) {
            throw new IllegalArgumentException("resizing a " + w + "x" + h + " image to " + newW + "x" + newH
                    + " (shorter side " + size + ") needs more than a Java array holds; its aspect ratio is too extreme");
        }
        return new int[] {(int) newW, (int) newH};
    }

    /** torchvision center_crop's offset on a side: int(round((side - size) / 2.0)), rounding half to even. */
    int cropOffset(int side) {
        return (int) Math.rint((side - size) / 2.0);
    }
}
