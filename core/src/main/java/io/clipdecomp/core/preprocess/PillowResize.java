package io.clipdecomp.core.preprocess;

import java.util.Arrays;

/**
 * Pillow 9.4's {@code Image.resize((w, h), Image.BICUBIC)}, bit for bit, for every {@link ImageMode}, fed one source
 * row at a time and computing only a window of the result (the center crop): every output pixel of a pass depends
 * on its own filter window only, so the window's pixels are those of the whole resize.
 *
 * <p>What Pillow does, and so what this does, depends on the mode:
 * <ul>
 *   <li>same size: an equal copy;</li>
 *   <li>P: Pillow forces NEAREST whatever filter is asked ({@code _imaging.c _resize} through
 *       {@code ImagingTransform} with an affine map);</li>
 *   <li>LA, RGBA: colour premultiplied by alpha ({@code MULDIV255}), bicubic on all bands, then
 *       un-premultiplied (Pillow's {@code La}/{@code RGBa} round trip);</li>
 *   <li>L, RGB, CMYK: separable bicubic ({@code src/libImaging/Resample.c}): a = -0.5, support widened by the
 *       reduction factor, 22-bit fixed-point weights, horizontal pass first (over the source rows the vertical pass
 *       reads), rounded and clipped to 8 bits after each pass, every band on its own; a pass whose size does not
 *       change is skipped.</li>
 * </ul>
 */
public final class PillowResize implements RowSink {
    /** Resample.c: 32 bits minus 8 for the result minus 2 for negative lobes and overshoot. */
    static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final double BICUBIC_SUPPORT = 2.0;
    private static final double BICUBIC_A = -0.5;

    private final int inWidth;
    private final int inHeight;
    private final ImageMode mode;
    private final int[] palette;
    private final int bands;
    private final int left;
    private final int top;
    private final int windowWidth;
    private final int windowHeight;
    private final boolean nearest;
    private final boolean premultiply;
    private final boolean horizontal;
    private final boolean vertical;
    /** Horizontal weights of the window's columns, if that pass runs. */
    private final Coefficients columns;
    private final int[] columnWeights;
    /** Vertical weights of the window's rows, if that pass runs. */
    private final Coefficients rows;
    /** Source rows that reach the output: [firstRow, endRow). */
    private final int firstRow;
    private final int endRow;
    /** Nearest: the source column and row of each window pixel, -1 outside the source. */
    private final int[] sourceColumn;
    private final int[] sourceRow;
    /** The window's columns of each source row in [firstRow, endRow) (after the horizontal pass, if any). */
    private final byte[] kept;
    private final byte[] premultiplied;
    /** RGB rows for the horizontal pass: red and blue packed in one long, green apart (see horizontalRow). */
    private final long[] redBlue;
    private final int[] green;
    private final byte[] out;
    /** The source columns and rows the window's pixels read. */
    private final SampleWindow reads;
    /** Rows received so far, and the last one. */
    private int received;
    private int lastRow = -1;

    /**
     * A resize of a {@code inWidth x inHeight} image in {@code mode} to {@code outWidth x outHeight}, of which
     * only the {@code windowWidth x windowHeight} pixels at (left, top) are computed.
     */
    public PillowResize(int inWidth, int inHeight, ImageMode mode, int[] palette, int outWidth, int outHeight,
                        int left, int top, int windowWidth, int windowHeight) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + outWidth + "x" + outHeight);
        }
        if (left < 0 || top < 0 || windowWidth <= 0 || windowHeight <= 0 || left + windowWidth > outWidth
                || top + windowHeight > outHeight) {
            throw new IllegalArgumentException("window " + windowWidth + "x" + windowHeight + " at (" + left + ", "
                    + top + ") does not fit in a " + outWidth + "x" + outHeight + " image");
        }
        this.inWidth = inWidth;
        this.inHeight = inHeight;
        this.mode = mode;
        this.palette = palette == null ? null : palette.clone();
        this.bands = mode.bands();
        this.left = left;
        this.top = top;
        this.windowWidth = windowWidth;
        this.windowHeight = windowHeight;
        boolean sameSize = outWidth == inWidth && outHeight == inHeight;
        if (mode == ImageMode.I && !sameSize) {
            throw new IllegalArgumentException("grayscale wider than 8 bits (Pillow mode I or I;16) is not resized in "
                    + "its own mode here: Pillow resizes the unclipped values (mode I) or refuses (I;16); convert it "
                    + "to RGB before resizing");
        }
        nearest = !sameSize && mode == ImageMode.P;
        boolean bicubic = !sameSize && !nearest;
        premultiply = bicubic && (mode == ImageMode.LA || mode == ImageMode.RGBA);
        horizontal = bicubic && outWidth != inWidth;
        vertical = bicubic && outHeight != inHeight;
        columns = horizontal ? Coefficients.bicubic(inWidth, outWidth, left, windowWidth) : null;
        columnWeights = horizontal ? columns.fixedPointWeights() : null;
        rows = vertical ? Coefficients.bicubic(inHeight, outHeight, top, windowHeight) : null;
        if (nearest) {
            sourceColumn = nearestSources(inWidth, outWidth, left, windowWidth);
            sourceRow = nearestSources(inHeight, outHeight, top, windowHeight);
            firstRow = 0;
            endRow = inHeight;
        } else if (vertical) {
            sourceColumn = null;
            sourceRow = null;
            firstRow = rows.first[0];
            endRow = rows.first[windowHeight - 1] + rows.count[windowHeight - 1];
        } else {
            sourceColumn = null;
            sourceRow = null;
            firstRow = top;
            endRow = top + windowHeight;
        }
        int keptRows = nearest ? 0 : endRow - firstRow;
        kept = new byte[Math.multiplyExact(keptRows, windowWidth * bands)];
        premultiplied = premultiply ? new byte[inWidth * bands] : null;
        redBlue = horizontal && bands == 3 ? new long[inWidth] : null;
        green = horizontal && bands == 3 ? new int[inWidth] : null;
        out = new byte[windowWidth * windowHeight * bands];
        reads = nearest ? new SampleWindow(min(sourceColumn, inWidth), max(sourceColumn) + 1, min(sourceRow, inHeight),
                max(sourceRow) + 1)
                : new SampleWindow(horizontal ? columns.first[0] : left, horizontal
                        ? columns.first[windowWidth - 1] + columns.count[windowWidth - 1] : left + windowWidth,
                        firstRow, endRow);
    }

    /** The source samples the window reads: only its rows need to come, and only its columns need be set. */
    public SampleWindow window() {
        return reads;
    }

    private static int min(int[] sources, int none) {
        int m = none;
        for (int s : sources) {
            if (s >= 0) {
                m = Math.min(m, s);
            }
        }
        return m == none ? 0 : m;
    }

    private static int max(int[] sources) {
        int m = 0;
        for (int s : sources) {
            m = Math.max(m, s);
        }
        return m;
    }

    /** {@code img} resized to {@code newWidth x newHeight}, in its own mode. */
    public static RasterImage resize(RasterImage img, int newWidth, int newHeight) {
        PillowResize resize = new PillowResize(img.width(), img.height(), img.mode(), img.palette(), newWidth,
                newHeight, 0, 0, newWidth, newHeight);
        int stride = img.width() * img.mode().bands();
        for (int y = 0; y < img.height(); y++) {
            resize.row(y, img.samples(), y * stride);
        }
        return resize.result();
    }

    /**
     * Pillow 9.4's {@code Image.resize((w, h), Image.NEAREST)} of a one-band image (L or P), e.g. a label mask as
     * torchvision's {@code Resize(..., NEAREST)} resizes it: output pixel x samples source index
     * {@code floor((x + 0.5) * in / out)}, accumulated as {@link #nearestSources} does.
     */
    public static RasterImage nearest(RasterImage img, int newWidth, int newHeight) {
        if (img.mode().bands() != 1) {
            throw new IllegalArgumentException("nearest resizing takes one-band images, not " + img.mode());
        }
        if (newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + newWidth + "x" + newHeight);
        }
        int[] palette = img.palette() == null ? null : img.palette().clone();
        if (newWidth == img.width() && newHeight == img.height()) {
            return new RasterImage(newWidth, newHeight, img.mode(), img.samples().clone(), palette);
        }
        int[] columns = nearestSources(img.width(), newWidth, 0, newWidth);
        int[] rows = nearestSources(img.height(), newHeight, 0, newHeight);
        byte[] src = img.samples();
        byte[] out = new byte[newWidth * newHeight];
        for (int y = 0; y < newHeight; y++) {
            if (rows[y] < 0) {
                continue;
            }
            for (int x = 0; x < newWidth; x++) {
                if (columns[x] >= 0) {
                    out[y * newWidth + x] = src[rows[y] * img.width() + columns[x]];
                }
            }
        }
        return new RasterImage(newWidth, newHeight, img.mode(), out, palette);
    }

    /**
     * Heap a resize of a {@code inWidth x inHeight} image to a window of {@code windowWidth x windowHeight} of a
     * {@code outWidth x outHeight} result may take, at most (four bands, both passes' weights).
     */
    static long workingBytes(int inWidth, int inHeight, int outWidth, int outHeight, int windowWidth,
                             int windowHeight) {
        int bands = 4;
        long weights = (Double.BYTES + Integer.BYTES) * ((long) windowWidth * taps(inWidth, outWidth)
                + (long) windowHeight * taps(inHeight, outHeight)) + 8L * (windowWidth + windowHeight) * Integer.BYTES;
        // kept rows, a premultiplied or packed source row, the vertical sums, the window and its copy
        return (long) inHeight * windowWidth * bands + (long) inWidth * (Long.BYTES + Integer.BYTES)
                + (long) windowWidth * bands * Integer.BYTES + 2L * windowWidth * windowHeight * bands + weights;
    }

    /** Taps per output sample of Pillow's bicubic filter from {@code in} to {@code out} samples. */
    private static long taps(long in, long out) {
        return (long) Math.ceil(BICUBIC_SUPPORT * Math.max((double) in / out, 1.0)) * 2 + 1;
    }

    @Override
    public boolean takesPackedRgb() {
        return redBlue != null && !premultiply;
    }

    @Override
    public void packedRgbRow(int y, long[] rb, int[] g) {
        if (accept(y)) {
            horizontalPacked(rb, g, (y - firstRow) * windowWidth * 3);
        }
    }

    /** Whether row {@code y}, which must come after the last, is one the window reads; counts it if so. */
    private boolean accept(int y) {
        if (y <= lastRow || y >= inHeight) {
            throw new IllegalStateException("row " + y + " came after row " + lastRow + " of " + inHeight);
        }
        lastRow = y;
        if (y < reads.y0() || y >= reads.y1()) {
            return false;
        }
        received++;
        return true;
    }

    @Override
    public void row(int y, byte[] samples, int offset) {
        if (!accept(y)) {
            return;
        }
        if (nearest) {
            nearestRow(y, samples, offset);
            return;
        }
        if (y < firstRow || y >= endRow) {
            return;
        }
        byte[] source = samples;
        int at = offset;
        if (premultiply) {
            premultiplyRow(samples, offset);
            source = premultiplied;
            at = 0;
        }
        int keptAt = (y - firstRow) * windowWidth * bands;
        if (horizontal) {
            horizontalRow(source, at, keptAt);
        } else {
            System.arraycopy(source, at + left * bands, kept, keptAt, windowWidth * bands);
        }
    }

    /** The window of the resized image, once every source row has come. */
    public RasterImage result() {
        int needed = reads.y1() - reads.y0();
        if (received != needed) {
            throw new IllegalStateException("the resize has " + received + " of the " + needed + " rows it reads");
        }
        if (!nearest) {
            if (vertical) {
                verticalPass();
            } else {
                System.arraycopy(kept, 0, out, 0, out.length);
            }
            if (premultiply) {
                unpremultiply();
            }
        }
        return new RasterImage(windowWidth, windowHeight, mode, out, palette == null ? null : palette.clone());
    }

    /**
     * Geometry.c {@code ImagingTransformAffine} with NEAREST as Pillow resizes with it: the source position starts
     * at half a step and grows by one step per output pixel, accumulated in double, then truncated ({@code COORD});
     * positions outside the source leave the output 0 (Pillow fills).
     */
    private static int[] nearestSources(int in, int out, int from, int count) {
        double step = (double) in / out;
        int[] source = new int[count];
        double position = step * 0.5;
        for (int i = 0; i < from + count; i++) {
            if (i >= from) {
                int s = position < 0.0 ? -1 : (int) position;
                source[i - from] = s < in ? s : -1;
            }
            position += step;
        }
        return source;
    }

    private void nearestRow(int y, byte[] samples, int offset) {
        for (int wy = 0; wy < windowHeight; wy++) {
            if (sourceRow[wy] != y) {
                continue;
            }
            for (int wx = 0; wx < windowWidth; wx++) {
                if (sourceColumn[wx] >= 0) {
                    out[wy * windowWidth + wx] = samples[offset + sourceColumn[wx]];
                }
            }
        }
    }

    private void premultiplyRow(byte[] samples, int offset) {
        int alphaBand = bands - 1;
        for (int p = 0; p < inWidth * bands; p += bands) {
            int alpha = samples[offset + p + alphaBand] & 0xFF;
            for (int b = 0; b < alphaBand; b++) {
                premultiplied[p + b] = (byte) mulDiv255(samples[offset + p + b] & 0xFF, alpha);
            }
            premultiplied[p + alphaBand] = (byte) alpha;
        }
    }

    /** Resample.c {@code ImagingResampleHorizontal_8bpc} for one row, the window's columns only. */
    private void horizontalRow(byte[] src, int at, int keptAt) {
        int[] w = columnWeights;
        int ksize = columns.ksize;
        int[] first = columns.first;
        int[] count = columns.count;
        byte[] dst = kept;
        if (bands == 3) {
            long[] rb = redBlue;
            int[] g = green;
            for (int x = reads.x0(), p = at + 3 * x; x < reads.x1(); x++, p += 3) {
                rb[x] = (src[p] & 0xFF) | (long) (src[p + 2] & 0xFF) << 32;
                g[x] = src[p + 1] & 0xFF;
            }
            horizontalPacked(rb, g, keptAt);
            return;
        }
        for (int x = 0; x < windowWidth; x++) {
            int k = x * ksize;
            int n = count[x];
            for (int b = 0; b < bands; b++) {
                int p = at + first[x] * bands + b;
                int s = HALF;
                for (int t = 0; t < n; t++, p += bands) {
                    s += (src[p] & 0xFF) * w[k + t];
                }
                dst[keptAt + x * bands + b] = clip8(s);
            }
        }
    }

    /**
     * The horizontal pass of one RGB row held as red | blue << 32 and green. Red and blue are summed in one long:
     * each sum stays within an int (the weights add up to 2^22, and 255 * 2^22 * 1.1 < 2^31), so the low half is
     * red's sum exactly and the rest blue's.
     */
    private void horizontalPacked(long[] rb, int[] g, int keptAt) {
        int[] w = columnWeights;
        int ksize = columns.ksize;
        int[] first = columns.first;
        int[] count = columns.count;
        byte[] dst = kept;
        for (int x = 0; x < windowWidth; x++) {
            int s = first[x];
            int k = x * ksize - s;
            int end = s + count[x];
            long s02 = HALF | (long) HALF << 32;
            int s1 = HALF;
            for (int t = s; t < end; t++) {
                int weight = w[k + t];
                s02 += rb[t] * weight;
                s1 += g[t] * weight;
            }
            int s0 = (int) s02;
            int o = keptAt + x * 3;
            dst[o] = clip8(s0);
            dst[o + 1] = clip8(s1);
            dst[o + 2] = clip8((int) ((s02 - s0) >> 32));
        }
    }

    /** Resample.c {@code ImagingResampleVertical_8bpc} on the kept rows, the window's rows only. */
    private void verticalPass() {
        int[] w = rows.fixedPointWeights();
        int ksize = rows.ksize;
        int line = windowWidth * bands;
        int[] sums = new int[line];
        for (int y = 0; y < windowHeight; y++) {
            int base = (rows.first[y] - firstRow) * line;
            int k = y * ksize;
            int n = rows.count[y];
            Arrays.fill(sums, HALF);
            // tap by tap over the whole row (integer sums: the order does not change them), which the JIT vectorises
            for (int t = 0; t < n; t++) {
                int weight = w[k + t];
                int p = base + t * line;
                for (int i = 0; i < line; i++) {
                    sums[i] += (kept[p + i] & 0xFF) * weight;
                }
            }
            for (int i = 0; i < line; i++) {
                out[y * line + i] = clip8(sums[i]);
            }
        }
    }

    private void unpremultiply() {
        int alphaBand = bands - 1;
        for (int p = 0; p < out.length; p += bands) {
            int alpha = out[p + alphaBand] & 0xFF;
            if (alpha != 0 && alpha != 255) {
                for (int b = 0; b < alphaBand; b++) {
                    out[p + b] = (byte) Math.min(255, 255 * (out[p + b] & 0xFF) / alpha);
                }
            }
        }
    }

    /** ImagingUtils.h {@code MULDIV255}: (a * b + 127) / 255 by shifts. */
    static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
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
            return bicubic(inSize, outSize, 0, outSize);
        }

        /** The coefficients of outputs {@code from .. from + n - 1} of resampling {@code inSize} to {@code outSize}. */
        static Coefficients bicubic(int inSize, int outSize, int from, int n) {
            // Pillow passes the box as C floats; (float) inSize - 0f is exact below 2^24.
            double scale = (double) ((float) inSize - 0f) / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = BICUBIC_SUPPORT * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[n];
            int[] count = new int[n];
            double[] weights = new double[Math.multiplyExact(n, ksize)];
            for (int i = 0; i < n; i++) {
                int xx = from + i;
                double center = (xx + 0.5) * scale;
                double invScale = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double sum = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = bicubicFilter((x + xmin - center + 0.5) * invScale);
                    weights[i * ksize + x] = w;
                    sum += w;
                }
                if (sum != 0.0) {
                    for (int x = 0; x < xmax; x++) {
                        weights[i * ksize + x] /= sum;
                    }
                }
                first[i] = xmin;
                count[i] = xmax;
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
