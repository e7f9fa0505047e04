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
    /** Resizing works in the image's own mode when converting after the crop: up to four bands. */
    private static final int MAX_BANDS = 4;
    /** Pillow's filter weights: a double and its fixed-point int per tap. */
    private static final int WEIGHT_BYTES = Double.BYTES + Integer.BYTES;
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

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
        int[] target = resizeTarget(source.width(), source.height());
        int newW = target[0];
        int newH = target[1];
        RasterImage resized = PillowResize.resize(source, newW, newH);
        return resized.crop(cropOffset(newW), cropOffset(newH), size, size).toRgb();
    }

    /** torchvision center_crop: int(round((side - size) / 2.0)), Python rounds half to even like rint. */
    private int cropOffset(int side) {
        return (int) Math.rint((side - size) / 2.0);
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

    /**
     * Heap that {@link #toPixels} may hold at its peak for a {@code width x height} image, at most: the RGB
     * conversion (or premultiplied alpha), both resize passes with their filter weights, the crop and the pixels.
     *
     * @throws IllegalArgumentException if the resized image would not fit one Java array (an extreme aspect ratio)
     */
    public long workingBytes(int width, int height) {
        int[] target = resizeTarget(width, height);
        long newW = target[0];
        long newH = target[1];
        long weights = WEIGHT_BYTES * (newW * filterTaps(width, newW) + newH * filterTaps(height, newH));
        return ((long) width * height + newW * height + newW * newH) * MAX_BANDS + weights
                + (long) size * size * (MAX_BANDS + CHANNELS + CHANNELS * Float.BYTES);
    }

    /** torchvision: the shorter side becomes size, the longer int(size * long / short), truncated. */
    private int[] resizeTarget(int w, int h) {
        long newW;
        long newH;
        if (w <= h) {
            newW = size;
            newH = (long) ((double) ((long) size * h) / w);
        } else {
            newH = size;
            newW = (long) ((double) ((long) size * w) / h);
        }
        if (newW * Math.max(newH, h) * MAX_BANDS > LARGEST_ARRAY) {
            throw new IllegalArgumentException("resizing a " + w + "x" + h + " image to " + newW + "x" + newH
                    + " (shorter side " + size + ") needs more than a Java array holds; its aspect ratio is too extreme");
        }
        return new int[] {(int) newW, (int) newH};
    }

    /** Taps per output sample of Pillow's bicubic filter from {@code in} to {@code out} samples. */
    private static long filterTaps(long in, long out) {
        return (long) Math.ceil(2.0 * Math.max((double) in / out, 1.0)) * 2 + 1;
    }
}
