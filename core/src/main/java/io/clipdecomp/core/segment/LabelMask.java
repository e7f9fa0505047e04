package io.clipdecomp.core.segment;

import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.PillowResize;
import io.clipdecomp.core.preprocess.RasterImage;

/**
 * A ground-truth foreground mask: one label per pixel, 1 foreground and 0 background, row-major.
 *
 * <p>Kept as a one-band image of 0/1 samples, the way the original hands {@code Image.fromarray(mask)} to
 * torchvision's transforms, so resizing works on labels exactly as Pillow does.
 */
public final class LabelMask {
    private final RasterImage labels;

    private LabelMask(RasterImage labels) {
        this.labels = labels;
    }

    /** A mask from row-major labels, each 0 or 1. */
    public static LabelMask of(int width, int height, byte[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("mask label " + labels[i] + " at pixel " + i + " is neither 0 nor 1");
            }
        }
        return new LabelMask(new RasterImage(width, height, ImageMode.L, labels, null));
    }

    /**
     * The mask an image file shows: foreground where the pixel is non-zero (L: its gray value; P: its palette index;
     * RGB: any colour band; alpha is ignored).
     */
    public static LabelMask ofNonZero(RasterImage image) {
        int bands = image.mode().bands();
        int colourBands = image.mode() == ImageMode.LA || image.mode() == ImageMode.RGBA ? bands - 1 : bands;
        byte[] samples = image.samples();
        int pixels = image.width() * image.height();
        byte[] out = new byte[pixels];
        for (int p = 0; p < pixels; p++) {
            for (int b = 0; b < colourBands; b++) {
                if (samples[p * bands + b] != 0) {
                    out[p] = 1;
                    break;
                }
            }
        }
        return new LabelMask(new RasterImage(image.width(), image.height(), ImageMode.L, out, null));
    }

    public int width() {
        return labels.width();
    }

    public int height() {
        return labels.height();
    }

    /** The labels, row-major; not a copy: callers must not modify them. */
    public byte[] labels() {
        return labels.samples();
    }

    /** Whether pixel (x, y) is foreground. */
    public boolean isForeground(int x, int y) {
        return labels.sample(x, y, 0) != 0;
    }

    /** Number of foreground pixels. */
    public long foregroundCount() {
        long n = 0;
        for (byte b : labels.samples()) {
            n += b;
        }
        return n;
    }

    /**
     * This mask as the original resizes it, {@code Resize((size, size), NEAREST)}: stretched to a square, without
     * the centre crop the image gets (so the two disagree on non-square images).
     */
    public LabelMask squareNearest(int size) {
        return new LabelMask(PillowResize.nearest(labels, size, size));
    }

    /** This mask through the image's own geometry (shorter side to the input size, centre crop), nearest sampling. */
    public LabelMask alignedWith(ClipImagePreprocessor preprocessor) {
        return new LabelMask(preprocessor.resizeAndCropNearest(labels));
    }

    /** The mask as an 8-bit gray image: 255 on the foreground, 0 elsewhere. */
    public RasterImage toImage() {
        byte[] src = labels.samples();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (byte) (src[i] == 0 ? 0 : 255);
        }
        return new RasterImage(width(), height(), ImageMode.L, out, null);
    }
}
