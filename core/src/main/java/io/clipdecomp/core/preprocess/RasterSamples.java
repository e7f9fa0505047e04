package io.clipdecomp.core.preprocess;

import java.awt.image.Raster;

/**
 * Turns an AWT raster into a {@link RasterImage} one row at a time, so that decoding holds only the raster and
 * the result, never a whole-image buffer per band.
 */
final class RasterSamples {
    private RasterSamples() {
    }

    /** Converts one row of stored samples into the output samples of {@code width} pixels. */
    @FunctionalInterface
    interface RowConversion {
        /**
         * @param stored the row's samples as stored (no colour model applied), all bands of a pixel together,
         *               as {@link Raster#getPixels(int, int, int, int, int[])} gives them
         * @param storedBands samples per pixel in {@code stored}
         * @param out where the output samples go, 0..255, the image's bands per pixel
         * @param offset position of the row's first output sample in {@code out}
         */
        void convert(int[] stored, int storedBands, byte[] out, int offset, int width);
    }

    /** The image of mode {@code mode} whose rows {@code conversion} makes from the raster's rows. */
    static RasterImage convert(Raster raster, ImageMode mode, int[] palette, RowConversion conversion) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int storedBands = raster.getNumBands();
        int stride = w * mode.bands();
        byte[] samples = new byte[Math.multiplyExact(stride, h)];
        int[] row = new int[Math.multiplyExact(w, storedBands)];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            conversion.convert(row, storedBands, samples, y * stride, w);
        }
        return new RasterImage(w, h, mode, samples, palette);
    }

    /**
     * Output band k is stored band {@code select[k]} shifted right by {@code shift}: 0 keeps 8-bit samples, 8 keeps
     * the high byte of 16-bit ones, which is what Pillow keeps of 16-bit colour channels.
     */
    static RowConversion bands(int shift, int... select) {
        return (stored, storedBands, out, offset, width) -> {
            int n = select.length;
            for (int x = 0; x < width; x++) {
                for (int k = 0; k < n; k++) {
                    out[offset + x * n + k] = (byte) (stored[x * storedBands + select[k]] >>> shift);
                }
            }
        };
    }
}
