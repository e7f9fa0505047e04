package io.clipdecomp.core.preprocess;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * A decoded AWT raster and the rule that makes a row of samples of a mode from a row of it: handed to an
 * {@link ImageSink} one row at a time, so that decoding holds only the raster, never a converted copy of it. A
 * raster that already holds 8-bit samples in the mode's layout is handed over in place.
 */
final class RasterSamples {
    private final Raster raster;
    private final ImageMode mode;
    private final int[] palette;
    private final RowConversion conversion;
    /** For a band selection of 8-bit samples: the stored band of each output band; else null. */
    private final int[] select;

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

    private RasterSamples(Raster raster, ImageMode mode, int[] palette, RowConversion conversion, int[] select) {
        this.raster = raster;
        this.mode = mode;
        this.palette = palette;
        this.conversion = conversion;
        this.select = select;
    }

    /** The image of mode {@code mode} whose rows {@code conversion} makes from the raster's rows. */
    static RasterSamples convert(Raster raster, ImageMode mode, int[] palette, RowConversion conversion) {
        return new RasterSamples(raster, mode, palette, conversion, null);
    }

    /**
     * Output band k is stored band {@code select[k]} shifted right by {@code shift}: 0 keeps 8-bit samples, 8 keeps
     * the high byte of 16-bit ones, which is what Pillow keeps of 16-bit colour channels.
     */
    static RasterSamples bands(Raster raster, ImageMode mode, int[] palette, int shift, int... select) {
        RowConversion conversion = (stored, storedBands, out, offset, width) -> {
            int n = select.length;
            for (int x = 0; x < width; x++) {
                for (int k = 0; k < n; k++) {
                    out[offset + x * n + k] = (byte) (stored[x * storedBands + select[k]] >>> shift);
                }
            }
        };
        return new RasterSamples(raster, mode, palette, conversion,
                shift == 0 && bytes(raster) != null ? select.clone() : null);
    }

    /**
     * The raster's bytes when it holds 8-bit samples interleaved pixel by pixel in one array, rows at a fixed
     * stride from its start (what ImageIO's readers allocate); else null.
     */
    private static byte[] bytes(Raster raster) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel interleaved)
                || raster.getMinX() != 0 || raster.getMinY() != 0 || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0 || buffer.getOffset() != 0) {
            return null;
        }
        for (int k = 0; k < raster.getNumBands(); k++) {
            if (interleaved.getSampleSize(k) != 8) {
                return null;
            }
        }
        return buffer.getData();
    }

    /** Begins the sink and hands it the rows of its window, top to bottom. */
    void feed(ImageSink sink) throws ImageDecodeException {
        int w = raster.getWidth();
        int h = raster.getHeight();
        sink.begin(w, h, mode, palette);
        SampleWindow window = sink.window();
        if (select != null) {
            feedBytes(sink, window);
            return;
        }
        int storedBands = raster.getNumBands();
        byte[] row = new byte[Math.multiplyExact(w, mode.bands())];
        int[] stored = new int[Math.multiplyExact(w, storedBands)];
        for (int y = window.y0(); y < window.y1(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, stored);
            conversion.convert(stored, storedBands, row, 0, w);
            sink.row(y, row, 0);
        }
    }

    /** A band selection read straight from the raster's bytes, handed over in place when it is the identity. */
    private void feedBytes(ImageSink sink, SampleWindow window) throws ImageDecodeException {
        byte[] data = bytes(raster);
        PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
        int stride = model.getScanlineStride();
        int pixelStride = model.getPixelStride();
        int[] offsets = model.getBandOffsets();
        int n = select.length;
        int[] from = new int[n];
        boolean inPlace = pixelStride == n;
        for (int k = 0; k < n; k++) {
            from[k] = offsets[select[k]];
            inPlace &= from[k] == k;
        }
        byte[] row = inPlace ? null : new byte[raster.getWidth() * n];
        for (int y = window.y0(); y < window.y1(); y++) {
            if (inPlace) {
                sink.row(y, data, y * stride);
                continue;
            }
            int at = y * stride;
            for (int x = window.x0(); x < window.x1(); x++) {
                int p = at + x * pixelStride;
                for (int k = 0; k < n; k++) {
                    row[x * n + k] = data[p + from[k]];
                }
            }
            sink.row(y, row, 0);
        }
    }
}
