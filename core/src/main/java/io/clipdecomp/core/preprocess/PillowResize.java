package io.clipdecomp.core.preprocess;

/**
 * Pillow 9.4's {@code Image.resize((w, h), Image.BICUBIC)}, bit for bit, for every {@link ImageMode}.
 *
 * <p>What Pillow does, and so what this does, depends on the mode:
 * <ul>
 *   <li>same size: an equal copy;</li>
 *   <li>P: Pillow forces NEAREST whatever filter is asked ({@code src/libImaging/Geometry.c}
 *       {@code ImagingScaleAffine});</li>
 *   <li>LA, RGBA: colour premultiplied by alpha ({@code MULDIV255}), bicubic on all bands, then
 *       un-premultiplied (Pillow's {@code La}/{@code RGBa} round trip);</li>
 *   <li>L, RGB: separable bicubic ({@code src/libImaging/Resample.c}): a = -0.5, support widened by the
 *       reduction factor, 22-bit fixed-point weights, horizontal pass first, rounded and clipped to 8 bits after
 *       each pass, every band on its own.</li>
 * </ul>
 */
public final class PillowResize {
    /** Resample.c: 32 bits minus 8 for the result minus 2 for negative lobes and overshoot. */
    static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double BICUBIC_SUPPORT = 2.0;
    private static final double BICUBIC_A = -0.5;

    private PillowResize() {
    }

    /** {@code img} resized to {@code newWidth x newHeight}, in its own mode. */
    public static RasterImage resize(RasterImage img, int newWidth, int newHeight) {
        if (newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + newWidth + "x" + newHeight);
        }
        int[] palette = img.palette() == null ? null : img.palette().clone();
        if (newWidth == img.width() && newHeight == img.height()) {
            return new RasterImage(newWidth, newHeight, img.mode(), img.samples().clone(), palette);
        }
        byte[] out;
        switch (img.mode()) {
            case P:
                out = nearest(img.samples(), img.width(), img.height(), newWidth, newHeight);
                break;
            case LA:
            case RGBA:
                out = premultipliedBicubic(img, newWidth, newHeight);
                break;
            default:
                out = bicubic(img.samples(), img.width(), img.height(), img.mode().bands(), newWidth, newHeight);
                break;
        }
        return new RasterImage(newWidth, newHeight, img.mode(), out, palette);
    }

    /**
     * Pillow 9.4's {@code Image.resize((w, h), Image.NEAREST)} of a one-band image (L or P), e.g. a label mask as
     * torchvision's {@code Resize(..., NEAREST)} resizes it: output pixel x samples source index
     * {@code floor((x + 0.5) * in / out)}.
     */
    public static RasterImage nearest(RasterImage img, int newWidth, int newHeight) {
        if (img.mode().bands() != 1) {
            throw new IllegalArgumentException("nearest resizing takes one-band images, not " + img.mode());
        }
        if (newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + newWidth + "x" + newHeight);
        }
        int[] palette = img.palette() == null ? null : img.palette().clone();
        byte[] out = newWidth == img.width() && newHeight == img.height() ? img.samples().clone()
                : nearest(img.samples(), img.width(), img.height(), newWidth, newHeight);
        return new RasterImage(newWidth, newHeight, img.mode(), out, palette);
    }

    /**
     * Nearest neighbour as ImagingScaleAffine does it: the source position starts at half a step and grows by
     * one step per output pixel, accumulated in double, then truncated.
     */
    private static byte[] nearest(byte[] src, int inW, int inH, int outW, int outH) {
        double stepX = (double) inW / outW;
        double stepY = (double) inH / outH;
        int[] sourceColumn = new int[outW];
        boolean[] columnInside = new boolean[outW];
        double xo = stepX * 0.5;
        for (int x = 0; x < outW; x++) {
            int xin = affineCoordinate(xo);
            columnInside[x] = xin >= 0 && xin < inW;
            sourceColumn[x] = xin;
            xo += stepX;
        }
        // Pillow asks for fill, so pixels mapped outside the source stay 0.
        byte[] out = new byte[outW * outH];
        double yo = stepY * 0.5;
        for (int y = 0; y < outH; y++) {
            int yin = affineCoordinate(yo);
            if (yin >= 0 && yin < inH) {
                for (int x = 0; x < outW; x++) {
                    if (columnInside[x]) {
                        out[y * outW + x] = src[yin * inW + sourceColumn[x]];
                    }
                }
            }
            yo += stepY;
        }
        return out;
    }

    /** Geometry.c {@code COORD}. */
    private static int affineCoordinate(double v) {
        return v < 0.0 ? -1 : (int) v;
    }

    private static byte[] premultipliedBicubic(RasterImage img, int outW, int outH) {
        int bands = img.mode().bands();
        int alphaBand = bands - 1;
        byte[] src = img.samples();
        byte[] premultiplied = new byte[src.length];
        for (int p = 0; p < src.length; p += bands) {
            int alpha = src[p + alphaBand] & 0xFF;
            for (int b = 0; b < alphaBand; b++) {
                premultiplied[p + b] = (byte) mulDiv255(src[p + b] & 0xFF, alpha);
            }
            premultiplied[p + alphaBand] = (byte) alpha;
        }
        byte[] out = bicubic(premultiplied, img.width(), img.height(), bands, outW, outH);
        for (int p = 0; p < out.length; p += bands) {
            int alpha = out[p + alphaBand] & 0xFF;
            if (alpha != 0 && alpha != 255) {
                for (int b = 0; b < alphaBand; b++) {
                    out[p + b] = (byte) Math.min(255, 255 * (out[p + b] & 0xFF) / alpha);
                }
            }
        }
        return out;
    }

    /** ImagingUtils.h {@code MULDIV255}: (a * b + 127) / 255 by shifts. */
    static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    /** ImagingResampleInner with the bicubic filter on interleaved 8-bit samples. */
    private static byte[] bicubic(byte[] src, int inW, int inH, int bands, int outW, int outH) {
        boolean needHorizontal = outW != inW;
        boolean needVertical = outH != inH;
        Coefficients horizontal = Coefficients.bicubic(inW, outW);
        Coefficients vertical = Coefficients.bicubic(inH, outH);
        // The horizontal pass only covers the source rows that the vertical pass will read.
        int firstRow = vertical.first[0];
        int lastRow = vertical.first[outH - 1] + vertical.count[outH - 1];
        byte[] current = src;
        int rowOffset = 0;
        if (needHorizontal) {
            current = horizontalPass(src, inW, bands, horizontal, firstRow, lastRow - firstRow, outW);
            rowOffset = firstRow;
        }
        if (needVertical) {
            current = verticalPass(current, needHorizontal ? outW : inW, bands, vertical, rowOffset, outH);
        }
        return current;
    }

    private static byte[] horizontalPass(byte[] src, int inW, int bands, Coefficients c, int firstRow, int rows,
                                         int outW) {
        int[] weights = c.fixedPointWeights();
        byte[] out = new byte[outW * rows * bands];
        for (int y = 0; y < rows; y++) {
            int rowStart = (y + firstRow) * inW;
            for (int xx = 0; xx < outW; xx++) {
                int xmin = c.first[xx];
                int k = xx * c.ksize;
                for (int b = 0; b < bands; b++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int x = 0; x < c.count[xx]; x++) {
                        ss += (src[(rowStart + xmin + x) * bands + b] & 0xFF) * weights[k + x];
                    }
                    out[(y * outW + xx) * bands + b] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static byte[] verticalPass(byte[] src, int width, int bands, Coefficients c, int rowOffset, int outH) {
        int[] weights = c.fixedPointWeights();
        byte[] out = new byte[width * outH * bands];
        for (int yy = 0; yy < outH; yy++) {
            int ymin = c.first[yy] - rowOffset;
            int k = yy * c.ksize;
            for (int xx = 0; xx < width; xx++) {
                for (int b = 0; b < bands; b++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int y = 0; y < c.count[yy]; y++) {
                        ss += (src[((ymin + y) * width + xx) * bands + b] & 0xFF) * weights[k + y];
                    }
                    out[(yy * width + xx) * bands + b] = clip8(ss);
                }
            }
        }
        return out;
    }

    /** Resample.c {@code clip8}: arithmetic shift of the fixed-point sum, clamped to a byte. */
    private static byte clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** Resample.c {@code bicubic_filter}, operations in the same order so the doubles round the same way. */
    static double bicubicFilter(double x) {
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((BICUBIC_A + 2.0) * x - (BICUBIC_A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * BICUBIC_A;
        }
        return 0.0;
    }

    /** The per-output-pixel source windows and weights of one pass (Resample.c {@code precompute_coeffs}). */
    static final class Coefficients {
        /** Weights per output pixel; {@code count[i]} of them are used, the rest are 0. */
        final int ksize;
        /** First source pixel of each output pixel. */
        final int[] first;
        /** Number of source pixels of each output pixel. */
        final int[] count;
        /** Normalised weights, {@code ksize} per output pixel. */
        final double[] weights;

        private Coefficients(int ksize, int[] first, int[] count, double[] weights) {
            this.ksize = ksize;
            this.first = first;
            this.count = count;
            this.weights = weights;
        }

        /** Bicubic coefficients for resampling {@code inSize} pixels to {@code outSize} over the whole extent. */
        static Coefficients bicubic(int inSize, int outSize) {
            // Pillow passes the box as C floats; (float) inSize - 0f is exact below 2^24.
            double scale = (double) ((float) inSize - 0f) / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = BICUBIC_SUPPORT * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            double[] weights = new double[outSize * ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double invScale = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double sum = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = bicubicFilter((x + xmin - center + 0.5) * invScale);
                    weights[xx * ksize + x] = w;
                    sum += w;
                }
                if (sum != 0.0) {
                    for (int x = 0; x < xmax; x++) {
                        weights[xx * ksize + x] /= sum;
                    }
                }
                first[xx] = xmin;
                count[xx] = xmax;
            }
            return new Coefficients(ksize, first, count, weights);
        }

        /** Resample.c {@code normalize_coeffs_8bpc}: weights times 2^22, rounded half away from zero. */
        int[] fixedPointWeights() {
            int[] fixed = new int[weights.length];
            for (int i = 0; i < weights.length; i++) {
                double w = weights[i];
                fixed[i] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            return fixed;
        }
    }
}
