package io.clipdecomp.core.preprocess.jpeg;

import io.clipdecomp.core.preprocess.ImageDecodeException;

/**
 * Huffman-coded scans, sequential ({@code jdhuff.c}) and progressive ({@code jdphuff.c}). Where libjpeg would
 * warn and fill the rest of the image with gray (a bad code, data that ends early) this refuses the image: Pillow
 * refuses truncated files, and corrupt data is not what the model should see.
 */
final class HuffmanDecoder extends EntropyDecoder {
    private static final int SEQUENTIAL = 0;
    private static final int DC_FIRST = 1;
    private static final int DC_REFINE = 2;
    private static final int AC_FIRST = 3;
    private static final int AC_REFINE = 4;

    private final HuffmanTable[] dcDefined;
    private final HuffmanTable[] acDefined;
    private final HuffmanTable[] dc = new HuffmanTable[4];
    private final HuffmanTable[] ac = new HuffmanTable[4];
    private long buffer;
    /** Unread bits at the bottom of {@link #buffer}. */
    private int bits;
    /** Zero bits appended after the data ended (at a marker or the end of the file); none may be read. */
    private int fakeBits;
    private boolean endOfFile;
    private int kind;
    private int eobRun;

    /** Decodes with the tables defined so far; the arrays are read at each scan's start, so later DHTs count. */
    HuffmanDecoder(JpegStream in, HuffmanTable[] dcDefined, HuffmanTable[] acDefined) {
        super(in);
        this.dcDefined = dcDefined;
        this.acDefined = acDefined;
    }

    @Override
    void start(boolean progressive) throws ImageDecodeException {
        if (!progressive) {
            kind = SEQUENTIAL;
        } else if (scan.ss == 0) {
            kind = scan.ah == 0 ? DC_FIRST : DC_REFINE;
        } else {
            kind = scan.ah == 0 ? AC_FIRST : AC_REFINE;
        }
        for (int ci = 0; ci < scan.components.length; ci++) {
            boolean needsDc = kind == SEQUENTIAL || kind == DC_FIRST;
            boolean needsAc = kind == SEQUENTIAL || kind == AC_FIRST || kind == AC_REFINE;
            dc[ci] = needsDc ? table(dcDefined, scan.dcTables[ci], false, !progressive) : null;
            ac[ci] = needsAc ? table(acDefined, scan.acTables[ci], true, !progressive) : null;
        }
        reset();
    }

    private static HuffmanTable table(HuffmanTable[] defined, int n, boolean isAc, boolean sequential)
            throws ImageDecodeException {
        if (n < 4 && defined[n] != null) {
            return defined[n];
        }
        if (sequential && n < 2) {
            defined[n] = HuffmanTable.standard(isAc, n); // libjpeg-turbo's Motion-JPEG defaults
            return defined[n];
        }
        throw new ImageDecodeException("corrupt JPEG: a scan uses Huffman table " + n + ", which is not defined");
    }

    private void reset() {
        buffer = 0;
        bits = 0;
        fakeBits = 0;
        eobRun = 0;
        for (Component c : scan.components) {
            c.dcPrediction = 0;
        }
    }

    @Override
    void restart(int n) throws ImageDecodeException {
        checkNotOverread();
        readRestartMarker(n);
        reset();
    }

    @Override
    void finish() throws ImageDecodeException {
        checkNotOverread();
    }

    private void checkNotOverread() throws ImageDecodeException {
        if (bits < fakeBits) {
            if (endOfFile) {
                throw JpegStream.truncated();
            }
            throw corrupt("a scan's entropy-coded data ends before its last block");
        }
    }

    @Override
    boolean decode(int ci, short[] coef, int at) throws ImageDecodeException {
        switch (kind) {
            case SEQUENTIAL:
                return sequential(ci, coef, at);
            case DC_FIRST:
                dcFirst(ci, coef, at);
                break;
            case DC_REFINE:
                if (bit() != 0) {
                    coef[at] |= (short) (1 << scan.al);
                }
                break;
            case AC_FIRST:
                acFirst(ci, coef, at);
                break;
            default:
                acRefine(ci, coef, at);
                break;
        }
        return true;
    }

    private boolean sequential(int ci, short[] coef, int at) throws ImageDecodeException {
        Component c = scan.components[ci];
        if (bits < 32) {
            fill();
        }
        int s = symbol(dc[ci]);
        int value = c.dcPrediction + (s == 0 ? 0 : HuffmanTable.extend(receive(s), s));
        c.dcPrediction = value;
        int[] q = multipliers[ci];
        coef[at] = (short) ((short) value * q[0]);
        HuffmanTable table = ac[ci];
        int[] fastAc = table.fastAc;
        boolean hasAc = false;
        for (int k = 1; k < 64; k++) {
            if (bits < 32) {
                fill();
            }
            int fast = fastAc[(int) (buffer >>> (bits - HuffmanTable.LOOKAHEAD)) & ((1 << HuffmanTable.LOOKAHEAD) - 1)];
            if (fast != 0) {
                bits -= fast & 0xFF;
                k += (fast >> 8) & 0xFF;
                int pos = NATURAL_ORDER[k];
                coef[at + pos] = (short) ((fast >> 16) * q[pos]);
                hasAc = true;
                continue;
            }
            int rs = symbol(table);
            int r = rs >> 4;
            s = rs & 15;
            if (s != 0) {
                k += r;
                int pos = NATURAL_ORDER[k];
                coef[at + pos] = (short) ((short) HuffmanTable.extend(receive(s), s) * q[pos]);
                hasAc = true;
            } else {
                if (r != 15) {
                    break;
                }
                k += 15;
            }
        }
        return hasAc;
    }

    private void dcFirst(int ci, short[] coef, int at) throws ImageDecodeException {
        Component c = scan.components[ci];
        if (bits < 32) {
            fill();
        }
        int s = symbol(dc[ci]);
        int value = c.dcPrediction + (s == 0 ? 0 : HuffmanTable.extend(receive(s), s));
        c.dcPrediction = value;
        coef[at] = (short) (value << scan.al);
    }

    private void acFirst(int ci, short[] coef, int at) throws ImageDecodeException {
        if (eobRun > 0) {
            eobRun--;
            return;
        }
        HuffmanTable table = ac[ci];
        for (int k = scan.ss; k <= scan.se; k++) {
            if (bits < 32) {
                fill();
            }
            int rs = symbol(table);
            int r = rs >> 4;
            int s = rs & 15;
            if (s != 0) {
                k += r;
                coef[at + NATURAL_ORDER[k]] = (short) (HuffmanTable.extend(receive(s), s) << scan.al);
            } else if (r == 15) {
                k += 15;
            } else {
                eobRun = 1 << r;
                if (r != 0) {
                    eobRun += receive(r);
                }
                eobRun--;
                break;
            }
        }
    }

    /** jdphuff.c {@code decode_mcu_AC_refine}: new coefficients of +-1, correction bits for the others. */
    private void acRefine(int ci, short[] coef, int at) throws ImageDecodeException {
        int p1 = 1 << scan.al;
        int m1 = -1 << scan.al;
        int k = scan.ss;
        int se = scan.se;
        if (eobRun == 0) {
            HuffmanTable table = ac[ci];
            for (; k <= se; k++) {
                if (bits < 32) {
                    fill();
                }
                int rs = symbol(table);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0) {
                    s = bit() != 0 ? p1 : m1; // any size other than 1 is an encoder's error; libjpeg reads it as 1
                } else if (r != 15) {
                    eobRun = 1 << r;
                    if (r != 0) {
                        eobRun += receive(r);
                    }
                    break;
                }
                do {
                    int pos = at + NATURAL_ORDER[k];
                    if (coef[pos] != 0) {
                        correct(coef, pos, p1, m1);
                    } else if (--r < 0) {
                        break;
                    }
                    k++;
                } while (k <= se);
                if (s != 0) {
                    coef[at + NATURAL_ORDER[k]] = (short) s;
                }
            }
        }
        if (eobRun > 0) {
            for (; k <= se; k++) {
                int pos = at + NATURAL_ORDER[k];
                if (coef[pos] != 0) {
                    correct(coef, pos, p1, m1);
                }
            }
            eobRun--;
        }
    }

    /** A correction bit of 1 raises the magnitude of an already nonzero coefficient by one step. */
    private void correct(short[] coef, int pos, int p1, int m1) throws ImageDecodeException {
        if (bit() != 0 && (coef[pos] & p1) == 0) {
            coef[pos] += (short) (coef[pos] >= 0 ? p1 : m1);
        }
    }

    private int symbol(HuffmanTable t) throws ImageDecodeException {
        if (bits < 16) {
            fill();
        }
        int entry = t.lookup[(int) (buffer >>> (bits - HuffmanTable.LOOKAHEAD)) & ((1 << HuffmanTable.LOOKAHEAD) - 1)];
        if (entry != 0) {
            bits -= entry >> 8;
            return entry & 0xFF;
        }
        int code = (int) (buffer >>> (bits - 16)) & 0xFFFF;
        for (int length = HuffmanTable.LOOKAHEAD + 1; length <= 16; length++) {
            int c = code >>> (16 - length);
            if (c <= t.maxCode[length]) {
                bits -= length;
                return t.values[c + t.valueOffset[length]];
            }
        }
        checkNotOverread();
        throw corrupt("a Huffman code that is not in its table");
    }

    private int receive(int n) throws ImageDecodeException {
        if (bits < n) {
            fill();
        }
        bits -= n;
        return (int) (buffer >>> bits) & ((1 << n) - 1);
    }

    private int bit() throws ImageDecodeException {
        return receive(1);
    }

    /** Tops the buffer up to at least 57 bits: data bytes with stuffing removed, then zeros after a marker. */
    private void fill() {
        byte[] d = in.data;
        int p = in.pos;
        long buf = buffer;
        int n = bits;
        if (in.pendingMarker == 0 && !endOfFile) {
            int end = d.length;
            while (n <= 56) {
                if (p >= end) {
                    endOfFile = true;
                    break;
                }
                int b = d[p] & 0xFF;
                if (b == 0xFF) {
                    int q = p + 1;
                    while (q < end && d[q] == (byte) 0xFF) {
                        q++; // fill bytes before a marker
                    }
                    if (q >= end) {
                        endOfFile = true;
                        p = q;
                        break;
                    }
                    if (d[q] != 0) {
                        in.pendingMarker = d[q] & 0xFF;
                        p = q + 1;
                        break;
                    }
                    p = q + 1; // a stuffed 0xFF 0x00 is one 0xFF data byte
                } else {
                    p++;
                }
                buf = buf << 8 | b;
                n += 8;
            }
        }
        while (n <= 56) {
            buf <<= 8;
            n += 8;
            fakeBits += 8;
        }
        buffer = buf;
        bits = n;
        in.pos = p;
    }
}
