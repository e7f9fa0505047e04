package io.clipdecomp.core.preprocess;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * OpenCLIP's eval transform on a PIL image (torchvision 0.14, Pillow 9.4): shorter side to {@code size} with
 * bicubic, center crop, RGB, ToTensor, Normalize; the 8-bit pixels match Pillow exactly.
 */
public final class ClipImagePreprocessor implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int CHANNELS = 3;

    private final int size;
    private final float[] mean;
    private final float[] std;

    /**
     * @param size side of the square model input
     * @param mean per-channel mean (R, G, B) subtracted after scaling to [0, 1]
     * @param std  per-channel standard deviation (R, G, B) divided by after that
     */
    public ClipImagePreprocessor(int size, float[] mean, float[] std) {
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
    }

    /** Side of the square model input. */
    public int size() {
        return size;
    }

    /** The model input of {@code img}: CHW float32, {@code 3 * size * size} values. */
    public float[] toPixels(RasterImage img, ColourConversion when) {
        RasterImage rgb = resizeAndCrop(img, when);
        byte[] samples = rgb.samples();
        int plane = size * size;
        float[] pixels = new float[CHANNELS * plane];
        for (int c = 0; c < CHANNELS; c++) {
            for (int i = 0; i < plane; i++) {
                // ToTensor divides the float tensor by 255; Normalize subtracts and divides in float32.
                float x = (samples[i * CHANNELS + c] & 0xFF) / 255f;
                pixels[c * plane + i] = (x - mean[c]) / std[c];
            }
        }
        return pixels;
    }

    /** The 8-bit RGB {@code size x size} image that {@link #toPixels} scales and normalises. */
    public RasterImage resizeAndCrop(RasterImage img, ColourConversion when) {
        Objects.requireNonNull(img, "img");
        Objects.requireNonNull(when, "when");
        RasterImage source = when == ColourConversion.BEFORE_RESIZE ? img.toRgb() : img;
        int w = source.width();
        int h = source.height();
        int newW;
        int newH;
        // torchvision: the shorter side becomes size, the longer int(size * long / short), truncated.
        if (w <= h) {
            newW = size;
            newH = (int) ((double) ((long) size * h) / w);
        } else {
            newH = size;
            newW = (int) ((double) ((long) size * w) / h);
        }
        RasterImage resized = PillowResize.resize(source, newW, newH);
        // torchvision center_crop: int(round((side - size) / 2.0)), Python rounds half to even like rint.
        int left = (int) Math.rint((newW - size) / 2.0);
        int top = (int) Math.rint((newH - size) / 2.0);
        return resized.crop(left, top, size, size).toRgb();
    }
}
