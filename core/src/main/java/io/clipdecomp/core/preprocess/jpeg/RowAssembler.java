package io.clipdecomp.core.preprocess.jpeg;

import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.RowSink;
import io.clipdecomp.core.preprocess.SampleWindow;

/**
 * Turns the components' sample rows, as the inverse DCT writes them, into output rows: libjpeg-turbo's upsampling
 * ({@code jdsample.c}, fancy upsampling on, as Pillow decodes) and colour conversion ({@code jdcolor.c}), then
 * Pillow's view of the result (mode L, RGB, or CMYK stored inverted as Pillow's "CMYK;I" reads it).
 *
 * <p>Each component keeps a ring of three decoding steps' rows, enough for the row above and below that the
 * triangle filters read; rows are emitted as soon as every row they need is decoded. Above the first row and below
 * the last, libjpeg repeats the edge row ({@code jdmainct.c}), and so does this.
 */
final class RowAssembler {
    /** What libjpeg decides the stored components are ({@code jdapimin.c default_decompress_parms}). */
    enum Colour { GRAY, RGB, YCBCR, CMYK, YCCK }

    private static final int FULL = 0;
    private static final int REPLICATE = 1;
    private static final int H2V1 = 2;
    private static final int H1V2 = 3;
    private static final int H2V2 = 4;
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private final Component[] components;
    private final int width;
    private final int height;
    private final Colour colour;
    private final RowSink sink;
    private final int steps;
    private final int[] rowsPerStep;
    private final int[] ringRows;
    private final int[] stride;
    private final byte[][] rings;
    private final int[] method;
    private final int[] hExpand;
    private final int[] vExpand;
    private final byte[][] upsampled;
    private final byte[] out;
    private final int[] available;
    private final byte[][] rowArrays;
    private final int[] rowOffsets;
    /** The output columns and rows wanted, and per component the blocks that hold their samples. */
    private final SampleWindow window;
    private final int[] firstBlockColumn;
    private final int[] endBlockColumn;
    private final int[] firstBlockRow;
    private final int[] endBlockRow;
    private final int[] firstSampleColumn;
    private final int[] endSampleColumn;
    /** RGB rows in the sink's packed form, when it takes them (see {@link RowSink#packedRgbRow}). */
    private final long[] redBlue;
    private final int[] green;
    private int nextRow;

    /**
     * @param steps the decoding steps: MCU rows, or block rows of a one-component image
     * @param maxH the largest horizontal sampling factor (and likewise {@code maxV})
     */
    RowAssembler(Component[] components, int width, int height, int maxH, int maxV, int steps, Colour colour,
                 RowSink sink, SampleWindow window) {
        this.window = window;
        this.components = components;
        this.width = width;
        this.height = height;
        this.colour = colour;
        this.sink = sink;
        this.steps = steps;
        int n = components.length;
        rowsPerStep = new int[n];
        ringRows = new int[n];
        stride = new int[n];
        rings = new byte[n][];
        method = new int[n];
        hExpand = new int[n];
        vExpand = new int[n];
        upsampled = new byte[n][];
        available = new int[n];
        rowArrays = new byte[n][];
        rowOffsets = new int[n];
        firstBlockColumn = new int[n];
        endBlockColumn = new int[n];
        firstBlockRow = new int[n];
        endBlockRow = new int[n];
        firstSampleColumn = new int[n];
        endSampleColumn = new int[n];
        for (int i = 0; i < n; i++) {
            Component c = components[i];
            rowsPerStep[i] = n == 1 ? 8 : 8 * c.v;
            ringRows[i] = 3 * rowsPerStep[i];
            stride[i] = c.blocksPerLine * 8;
            rings[i] = new byte[ringRows[i] * stride[i]];
            hExpand[i] = n == 1 ? 1 : maxH / c.h;
            vExpand[i] = n == 1 ? 1 : maxV / c.v;
            method[i] = method(hExpand[i], vExpand[i], c.sampleWidth);
            if (method[i] != FULL) {
                upsampled[i] = new byte[hExpand[i] * Math.max(stride[i], c.sampleWidth + 1)];
            }
            // the samples the window's pixels read: the triangle filters reach one sample further each way
            boolean fancyH = method[i] == H2V1 || method[i] == H2V2;
            boolean fancyV = method[i] == H1V2 || method[i] == H2V2;
            firstSampleColumn[i] = Math.max(0, window.x0() / hExpand[i] - (fancyH ? 1 : 0));
            endSampleColumn[i] = Math.min(c.sampleWidth, (window.x1() - 1) / hExpand[i] + (fancyH ? 2 : 1));
            int firstSampleRow = Math.max(0, window.y0() / vExpand[i] - (fancyV ? 1 : 0));
            int endSampleRow = Math.min(c.sampleHeight, (window.y1() - 1) / vExpand[i] + (fancyV ? 2 : 1));
            firstBlockColumn[i] = firstSampleColumn[i] / 8;
            endBlockColumn[i] = Math.min(c.widthInBlocks, (endSampleColumn[i] + 7) / 8);
            firstBlockRow[i] = firstSampleRow / 8;
            endBlockRow[i] = Math.min(c.heightInBlocks, (endSampleRow + 7) / 8);
        }
        out = new byte[width * (colour == Colour.GRAY ? 1 : colour == Colour.RGB || colour == Colour.YCBCR ? 3 : 4)];
        boolean packed = (colour == Colour.YCBCR || colour == Colour.RGB) && sink.takesPackedRgb();
        redBlue = packed ? new long[width] : null;
        green = packed ? new int[width] : null;
    }

    /** Heap the rings and row buffers of an image take, for the decoder's estimate. */
    static long bytes(Component[] components, int width, int maxH) {
        // an output row of up to four bands, or the packed RGB row (a long and an int per pixel)
        long total = 4L * width + (Long.BYTES + Integer.BYTES) * (long) width;
        for (Component c : components) {
            int rows = components.length == 1 ? 8 : 8 * c.v;
            long lineBytes = c.blocksPerLine * 8L;
            total += 3 * rows * lineBytes + (long) (components.length == 1 ? 1 : maxH / c.h) * (lineBytes + 1);
        }
        return total;
    }

    /** jinit_upsampler's choice for a component expanded by h and v. */
    private static int method(int h, int v, int sampleWidth) {
        if (h == 1 && v == 1) {
            return FULL;
        }
        if (h == 2 && v == 1) {
            return sampleWidth > 2 ? H2V1 : REPLICATE;
        }
        if (h == 1 && v == 2) {
            return H1V2;
        }
        if (h == 2 && v == 2) {
            return sampleWidth > 2 ? H2V2 : REPLICATE;
        }
        return REPLICATE;
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALE_BITS) + 0.5);
    }

    /** Where the inverse DCT writes block row {@code blockRow} of component {@code i}. */
    byte[] ring(int i) {
        return rings[i];
    }

    int ringOffset(int i, int blockRow) {
        return (blockRow * 8 % ringRows[i]) * stride[i];
    }

    int stride(int i) {
        return stride[i];
    }

    /** Whether block (blockRow, blockColumn) of component {@code i} holds samples the window reads. */
    boolean needed(int i, int blockRow, int blockColumn) {
        return blockColumn >= firstBlockColumn[i] && blockColumn < endBlockColumn[i] && blockRow >= firstBlockRow[i]
                && blockRow < endBlockRow[i];
    }

    /** The blocks of component {@code i}'s block row that hold samples the window reads: [first, end). */
    int firstBlockColumn(int i) {
        return firstBlockColumn[i];
    }

    int endBlockColumn(int i) {
        return endBlockColumn[i];
    }

    boolean neededRow(int i, int blockRow) {
        return blockRow >= firstBlockRow[i] && blockRow < endBlockRow[i];
    }

    /** Step {@code step}'s rows are in the rings: emits every output row that has all it needs. */
    void stepDecoded(int step) throws ImageDecodeException {
        boolean last = step == steps - 1;
        for (int i = 0; i < components.length; i++) {
            available[i] = last ? Integer.MAX_VALUE : Math.min((step + 1) * rowsPerStep[i], components[i].sampleHeight);
        }
        while (nextRow < height && ready(nextRow)) {
            emit(nextRow++);
        }
    }

    private boolean ready(int y) {
        for (int i = 0; i < components.length; i++) {
            int sy = y / vExpand[i];
            int needed = method[i] == H1V2 || method[i] == H2V2 ? (y & 1) == 0 ? sy : sy + 1 : sy;
            if (Math.min(needed, components[i].sampleHeight - 1) >= available[i]) {
                return false;
            }
        }
        return true;
    }

    private int rowAt(int i, int row) {
        int r = Math.max(0, Math.min(row, components[i].sampleHeight - 1));
        return (r % ringRows[i]) * stride[i];
    }

    private void emit(int y) throws ImageDecodeException {
        if (y < window.y0() || y >= window.y1()) {
            return;
        }
        int n = components.length;
        if (colour == Colour.GRAY) {
            sink.row(y, rings[0], rowAt(0, y));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (method[i] == FULL) {
                rowArrays[i] = rings[i];
                rowOffsets[i] = rowAt(i, y);
            } else {
                upsample(i, y);
                rowArrays[i] = upsampled[i];
                rowOffsets[i] = 0;
            }
        }
        if (redBlue != null) {
            convertPacked(rowArrays, rowOffsets);
            sink.packedRgbRow(y, redBlue, green);
            return;
        }
        convert(rowArrays, rowOffsets);
        sink.row(y, out, 0);
    }

    /**
     * jdsample.c's upsampling of one output row, for the input samples [i0, i1) that the window reads; each output
     * pair is written as the C code writes it, the first and last columns with its edge rules.
     */
    private void upsample(int i, int y) {
        byte[] ring = rings[i];
        byte[] up = upsampled[i];
        int dw = components[i].sampleWidth;
        int i0 = firstSampleColumn[i];
        int i1 = endSampleColumn[i];
        int sy = y / vExpand[i];
        int near = rowAt(i, sy);
        switch (method[i]) {
            case H2V1: {
                // the first and last columns by their own rules, the others by the general one
                int from = Math.max(i0, 1);
                int to = Math.min(i1, dw - 1);
                if (i0 == 0) {
                    int v = ring[near] & 0xFF;
                    up[0] = (byte) v;
                    up[1] = (byte) ((v * 3 + (ring[near + 1] & 0xFF) + 2) >> 2);
                }
                for (int x = from; x < to; x++) {
                    int v3 = (ring[near + x] & 0xFF) * 3;
                    up[2 * x] = (byte) ((v3 + (ring[near + x - 1] & 0xFF) + 1) >> 2);
                    up[2 * x + 1] = (byte) ((v3 + (ring[near + x + 1] & 0xFF) + 2) >> 2);
                }
                if (i1 == dw) {
                    int v = ring[near + dw - 1] & 0xFF;
                    up[2 * dw - 2] = (byte) ((v * 3 + (ring[near + dw - 2] & 0xFF) + 1) >> 2);
                    up[2 * dw - 1] = (byte) v;
                }
                break;
            }
            case H1V2: {
                boolean above = (y & 1) == 0;
                int far = rowAt(i, above ? sy - 1 : sy + 1);
                int bias = above ? 1 : 2;
                for (int x = i0; x < i1; x++) {
                    up[x] = (byte) (((ring[near + x] & 0xFF) * 3 + (ring[far + x] & 0xFF) + bias) >> 2);
                }
                break;
            }
            case H2V2: {
                boolean above = (y & 1) == 0;
                int far = rowAt(i, above ? sy - 1 : sy + 1);
                int from = Math.max(i0, 1);
                int to = Math.min(i1, dw - 1);
                if (i0 == 0) {
                    int thisSum = (ring[near] & 0xFF) * 3 + (ring[far] & 0xFF);
                    int nextSum = (ring[near + 1] & 0xFF) * 3 + (ring[far + 1] & 0xFF);
                    up[0] = (byte) ((thisSum * 4 + 8) >> 4);
                    up[1] = (byte) ((thisSum * 3 + nextSum + 7) >> 4);
                }
                if (from < to) {
                    int lastSum = (ring[near + from - 1] & 0xFF) * 3 + (ring[far + from - 1] & 0xFF);
                    int thisSum = (ring[near + from] & 0xFF) * 3 + (ring[far + from] & 0xFF);
                    for (int x = from; x < to; x++) {
                        int nextSum = (ring[near + x + 1] & 0xFF) * 3 + (ring[far + x + 1] & 0xFF);
                        up[2 * x] = (byte) ((thisSum * 3 + lastSum + 8) >> 4);
                        up[2 * x + 1] = (byte) ((thisSum * 3 + nextSum + 7) >> 4);
                        lastSum = thisSum;
                        thisSum = nextSum;
                    }
                }
                if (i1 == dw) {
                    int thisSum = (ring[near + dw - 1] & 0xFF) * 3 + (ring[far + dw - 1] & 0xFF);
                    int lastSum = (ring[near + dw - 2] & 0xFF) * 3 + (ring[far + dw - 2] & 0xFF);
                    up[2 * dw - 2] = (byte) ((thisSum * 3 + lastSum + 8) >> 4);
                    up[2 * dw - 1] = (byte) ((thisSum * 4 + 7) >> 4);
                }
                break;
            }
            default: {
                int h = hExpand[i];
                for (int x = window.x0(); x < window.x1(); x++) {
                    up[x] = ring[near + x / h];
                }
                break;
            }
        }
    }

    /** {@link #convert} of YCbCr or RGB into the packed form. */
    private void convertPacked(byte[][] rows, int[] at) {
        byte[] c0 = rows[0];
        byte[] c1 = rows[1];
        byte[] c2 = rows[2];
        int a0 = at[0];
        int a1 = at[1];
        int a2 = at[2];
        long[] rb = redBlue;
        int[] g = green;
        if (colour == Colour.RGB) {
            for (int x = window.x0(); x < window.x1(); x++) {
                rb[x] = (c0[a0 + x] & 0xFF) | (long) (c2[a2 + x] & 0xFF) << 32;
                g[x] = c1[a1 + x] & 0xFF;
            }
            return;
        }
        for (int x = window.x0(); x < window.x1(); x++) {
            int y = c0[a0 + x] & 0xFF;
            int cb = c1[a1 + x] & 0xFF;
            int cr = c2[a2 + x] & 0xFF;
            rb[x] = clampInt(y + CR_R[cr]) | (long) clampInt(y + CB_B[cb]) << 32;
            g[x] = clampInt(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
        }
    }

    private static int clampInt(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** jdcolor.c for the stored colour space, then Pillow's mode: CMYK inverted ("CMYK;I"). */
    private void convert(byte[][] rows, int[] at) {
        byte[] c0 = rows[0];
        byte[] c1 = rows[1];
        byte[] c2 = rows[2];
        int a0 = at[0];
        int a1 = at[1];
        int a2 = at[2];
        int x0 = window.x0();
        int x1 = window.x1();
        switch (colour) {
            case YCBCR:
                for (int x = x0, o = 3 * x0; x < x1; x++, o += 3) {
                    int y = c0[a0 + x] & 0xFF;
                    int cb = c1[a1 + x] & 0xFF;
                    int cr = c2[a2 + x] & 0xFF;
                    out[o] = clamp(y + CR_R[cr]);
                    out[o + 1] = clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
                    out[o + 2] = clamp(y + CB_B[cb]);
                }
                break;
            case RGB:
                for (int x = x0, o = 3 * x0; x < x1; x++, o += 3) {
                    out[o] = c0[a0 + x];
                    out[o + 1] = c1[a1 + x];
                    out[o + 2] = c2[a2 + x];
                }
                break;
            case CMYK: {
                byte[] c3 = rows[3];
                int a3 = at[3];
                for (int x = x0, o = 4 * x0; x < x1; x++, o += 4) {
                    out[o] = (byte) ~c0[a0 + x];
                    out[o + 1] = (byte) ~c1[a1 + x];
                    out[o + 2] = (byte) ~c2[a2 + x];
                    out[o + 3] = (byte) ~c3[a3 + x];
                }
                break;
            }
            default: {
                // ycck_cmyk_convert stores 255 - RGB and K; "CMYK;I" inverts all four back
                byte[] c3 = rows[3];
                int a3 = at[3];
                for (int x = x0, o = 4 * x0; x < x1; x++, o += 4) {
                    int y = c0[a0 + x] & 0xFF;
                    int cb = c1[a1 + x] & 0xFF;
                    int cr = c2[a2 + x] & 0xFF;
                    out[o] = clamp(y + CR_R[cr]);
                    out[o + 1] = clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
                    out[o + 2] = clamp(y + CB_B[cb]);
                    out[o + 3] = (byte) ~c3[a3 + x];
                }
                break;
            }
        }
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
