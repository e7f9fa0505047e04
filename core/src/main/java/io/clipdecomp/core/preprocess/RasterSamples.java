package io.clipdecomp.core.preprocess;

import java.awt.image.Raster;

/** Reads bands out of an AWT raster as stored and packs them into a {@link RasterImage}. */
final class RasterSamples {
    private RasterSamples() {
    }

    /** Band {@code b} of every pixel, row-major, exactly as stored (no colour model applied). */
    static int[] band(Raster raster, int b) {
        return raster.getSamples(raster.getMinX(), raster.getMinY(), raster.getWidth(), raster.getHeight(), b,
                new int[raster.getWidth() * raster.getHeight()]);
    }

    /** The high byte of 16-bit band {@code b}, which is what Pillow keeps of 16-bit colour channels. */
    static int[] highByte(Raster raster, int b) {
        int[] v = band(raster, b);
        for (int i = 0; i < v.length; i++) {
            v[i] >>>= 8;
        }
        return v;
    }

    /** A {@link RasterImage} from one array of 0..255 values per band. */
    static RasterImage interleave(int w, int h, ImageMode mode, int[] palette, int[][] bands) {
        int n = bands.length;
        byte[] samples = new byte[w * h * n];
        for (int b = 0; b < n; b++) {
            int[] v = bands[b];
            for (int i = 0; i < v.length; i++) {
                samples[i * n + b] = (byte) v[i];
            }
        }
        return new RasterImage(w, h, mode, samples, palette);
    }
}
