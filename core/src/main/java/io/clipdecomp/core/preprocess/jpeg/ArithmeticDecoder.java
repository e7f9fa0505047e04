package io.clipdecomp.core.preprocess.jpeg;

import io.clipdecomp.core.preprocess.ImageDecodeException;
import java.util.Arrays;

/**
 * Arithmetic-coded scans (the QM coder of ITU T.81 annex D and F.1.4.4), ported from libjpeg-turbo's
 * {@code jdarith.c}, sequential and progressive. Where libjpeg warns and stops decoding the scan (a magnitude or
 * spectral overflow) this refuses the image.
 */
final class ArithmeticDecoder extends EntropyDecoder {
    private static final int DC_STAT_BINS = 64;
    private static final int AC_STAT_BINS = 256;
    /**
     * {@code jaricom.c jpeg_aritab}: per state, Qe << 16 | next state after an MPS << 8 | MPS switch << 7 | next
     * state after an LPS; the last entry is the fixed probability state.
     */
    private static final int[] QE_TABLE = {
        0x5a1d0181, 0x2586020e, 0x11140310, 0x80b0412, 0x3d80514, 0x1da0617,
        0xe50719, 0x6f081c, 0x36091e, 0x1a0a21, 0x0d0b23, 0x060c09,
        0x030d0a, 0x010d0c, 0x5a7f0f8f, 0x3f251024, 0x2cf21126, 0x207c1227,
        0x17b91328, 0x1182142a, 0xcef152b, 0x9a1162d, 0x72f172e, 0x55c1830,
        0x4061931, 0x3031a33, 0x2401b34, 0x1b11c36, 0x1441d38, 0xf51e39,
        0xb71f3b, 0x8a203c, 0x68213e, 0x4e223f, 0x3b2320, 0x2c0921,
        0x5ae125a5, 0x484c2640, 0x3a0d2741, 0x2ef12843, 0x261f2944, 0x1f332a45,
        0x19a82b46, 0x15182c48, 0x11772d49, 0xe742e4a, 0xbfb2f4b, 0x9f8304d,
        0x861314e, 0x706324f, 0x5cd3330, 0x4de3432, 0x40f3532, 0x3633633,
        0x2d43734, 0x25c3835, 0x1f83936, 0x1a43a37, 0x1603b38, 0x1253c39,
        0xf63d3a, 0xcb3e3b, 0xab3f3d, 0x8f203d, 0x5b1241c1, 0x4d044250,
        0x412c4351, 0x37d84452, 0x2fe84553, 0x293c4654, 0x23794756, 0x1edf4857,
        0x1aa94957, 0x174e4a48, 0x14244b48, 0x119c4c4a, 0xf6b4d4a, 0xd514e4b,
        0xbb64f4d, 0xa40304d, 0x583251d0, 0x4d1c5258, 0x438e5359, 0x3bdd545a,
        0x34ee555b, 0x2eae565c, 0x299a575d, 0x25164756, 0x557059d8, 0x4ca95a5f,
        0x44d95b60, 0x3e225c61, 0x38245d63, 0x32b45e63, 0x2e17565d, 0x56a860df,
        0x4f466165, 0x47e56266, 0x41cf6367, 0x3c3d6468, 0x375e5d63, 0x52316669,
        0x4c0f676a, 0x4639686b, 0x415e6367, 0x56276ae9, 0x50e76b6c, 0x4b85676d,
        0x55976d6e, 0x504f6b6f, 0x5a106fee, 0x55226d70, 0x59eb6ff0, 0x5a1d7171
    };
    private static final int FIXED_STATE = 113;

    private final byte[][] dcStats = new byte[16][DC_STAT_BINS];
    private final byte[][] acStats = new byte[16][AC_STAT_BINS];
    private final byte[] fixedBin = {(byte) FIXED_STATE};
    private final int[] dcContext = new int[4];
    private final int[] dcL;
    private final int[] dcU;
    private final int[] acK;
    private boolean progressive;
    private long c;
    private long a;
    private int ct;

    /** Decodes with the conditioning (DAC) values defined so far; the arrays are read as each scan decodes. */
    ArithmeticDecoder(JpegStream in, int[] dcL, int[] dcU, int[] acK) {
        super(in);
        this.dcL = dcL;
        this.dcU = dcU;
        this.acK = acK;
    }

    @Override
    void start(boolean progressive) {
        this.progressive = progressive;
        reset();
    }

    private void reset() {
        for (int ci = 0; ci < scan.components.length; ci++) {
            if (!progressive || scan.ss == 0 && scan.ah == 0) {
                Arrays.fill(dcStats[scan.dcTables[ci]], (byte) 0);
                scan.components[ci].dcPrediction = 0;
                dcContext[ci] = 0;
            }
            if (!progressive || scan.ss != 0) {
                Arrays.fill(acStats[scan.acTables[ci]], (byte) 0);
            }
        }
        c = 0;
        a = 0;
        ct = -16; // force reading 2 initial bytes to fill C
    }

    @Override
    void restart(int n) throws ImageDecodeException {
        readRestartMarker(n);
        reset();
    }

    @Override
    void finish() {
        // hitting a marker inside arithmetic-coded data is legal: the coder reads zeros from there on
    }

    @Override
    boolean decode(int ci, short[] coef, int at) throws ImageDecodeException {
        if (!progressive) {
            return sequential(ci, coef, at);
        } else if (scan.ss == 0) {
            if (scan.ah == 0) {
                coef[at] = (short) (dcDifference(ci) << scan.al);
            } else if (decodeBit(fixedBin, 0) != 0) {
                coef[at] |= (short) (1 << scan.al);
            }
        } else if (scan.ah == 0) {
            acFirst(ci, coef, at);
        } else {
            acRefine(ci, coef, at);
        }
        return true;
    }

    private boolean sequential(int ci, short[] coef, int at) throws ImageDecodeException {
        int[] q = multipliers[ci];
        coef[at] = (short) (dcDifference(ci) * q[0]);
        int tbl = scan.acTables[ci];
        byte[] st = acStats[tbl];
        boolean hasAc = false;
        for (int k = 1; k <= 63; k++) {
            int s = 3 * (k - 1);
            if (decodeBit(st, s) != 0) {
                break; // end of block
            }
            while (decodeBit(st, s + 1) == 0) {
                s += 3;
                if (++k > 63) {
                    throw corrupt("an arithmetic-coded block runs past its 64 coefficients");
                }
            }
            int pos = NATURAL_ORDER[k];
            coef[at + pos] = (short) ((short) acValue(tbl, k, s) * q[pos]);
            hasAc = true;
        }
        return hasAc;
    }

    /** Figures F.19 to F.24: the DC difference, added to the prediction; returns the new prediction. */
    private int dcDifference(int ci) throws ImageDecodeException {
        int tbl = scan.dcTables[ci];
        byte[] st = dcStats[tbl];
        Component comp = scan.components[ci];
        int s = dcContext[ci];
        if (decodeBit(st, s) == 0) {
            dcContext[ci] = 0;
        } else {
            int sign = decodeBit(st, s + 1);
            s += 2 + sign;
            int m = decodeBit(st, s);
            if (m != 0) {
                s = 20;
                while (decodeBit(st, s) != 0) {
                    if ((m <<= 1) == 0x8000) {
                        throw corrupt("an arithmetic-coded DC magnitude overflows");
                    }
                    s++;
                }
            }
            if (m < (1 << dcL[tbl]) >> 1) {
                dcContext[ci] = 0;
            } else if (m > (1 << dcU[tbl]) >> 1) {
                dcContext[ci] = 12 + sign * 4;
            } else {
                dcContext[ci] = 4 + sign * 4;
            }
            int v = m;
            s += 14;
            while ((m >>= 1) != 0) {
                if (decodeBit(st, s) != 0) {
                    v |= m;
                }
            }
            v += 1;
            if (sign != 0) {
                v = -v;
            }
            comp.dcPrediction = (comp.dcPrediction + v) & 0xFFFF;
        }
        return (short) comp.dcPrediction;
    }

    /** Figures F.21 to F.24 for an AC coefficient at zigzag position k, from statistics bin s. */
    private int acValue(int tbl, int k, int s) throws ImageDecodeException {
        byte[] st = acStats[tbl];
        int sign = decodeBit(fixedBin, 0);
        s += 2;
        int m = decodeBit(st, s);
        if (m != 0 && decodeBit(st, s) != 0) {
            m <<= 1;
            s = k <= acK[tbl] ? 189 : 217;
            while (decodeBit(st, s) != 0) {
                if ((m <<= 1) == 0x8000) {
                    throw corrupt("an arithmetic-coded AC magnitude overflows");
                }
                s++;
            }
        }
        int v = m;
        s += 14;
        while ((m >>= 1) != 0) {
            if (decodeBit(st, s) != 0) {
                v |= m;
            }
        }
        v += 1;
        return sign != 0 ? -v : v;
    }

    private void acFirst(int ci, short[] coef, int at) throws ImageDecodeException {
        int tbl = scan.acTables[ci];
        byte[] st = acStats[tbl];
        for (int k = scan.ss; k <= scan.se; k++) {
            int s = 3 * (k - 1);
            if (decodeBit(st, s) != 0) {
                break;
            }
            while (decodeBit(st, s + 1) == 0) {
                s += 3;
                if (++k > scan.se) {
                    throw corrupt("an arithmetic-coded band runs past its last coefficient");
                }
            }
            coef[at + NATURAL_ORDER[k]] = (short) (acValue(tbl, k, s) << scan.al);
        }
    }

    private void acRefine(int ci, short[] coef, int at) throws ImageDecodeException {
        byte[] st = acStats[scan.acTables[ci]];
        int p1 = 1 << scan.al;
        int m1 = -1 << scan.al;
        int kex = scan.se;
        while (kex > 0 && coef[at + NATURAL_ORDER[kex]] == 0) {
            kex--;
        }
        for (int k = scan.ss; k <= scan.se; k++) {
            int s = 3 * (k - 1);
            if (k > kex && decodeBit(st, s) != 0) {
                break;
            }
            while (true) {
                int pos = at + NATURAL_ORDER[k];
                if (coef[pos] != 0) {
                    if (decodeBit(st, s + 2) != 0) {
                        coef[pos] += (short) (coef[pos] < 0 ? m1 : p1);
                    }
                    break;
                }
                if (decodeBit(st, s + 1) != 0) {
                    coef[pos] = (short) (decodeBit(fixedBin, 0) != 0 ? m1 : p1);
                    break;
                }
                s += 3;
                if (++k > scan.se) {
                    throw corrupt("an arithmetic-coded band runs past its last coefficient");
                }
            }
        }
    }

    /** {@code arith_decode}: one binary decision with the adaptive probability state {@code st[s]}. */
    private int decodeBit(byte[] st, int s) {
        while (a < 0x8000L) {
            if (--ct < 0) {
                int data = nextByte();
                c = (c << 8) | data;
                if ((ct += 8) < 0 && ++ct == 0) {
                    a = 0x8000L; // got 2 initial bytes: a becomes 0x10000 below
                }
            }
            a <<= 1;
        }
        int sv = st[s] & 0xFF;
        int qe = QE_TABLE[sv & 0x7F];
        int nl = qe & 0xFF;
        qe >>>= 8;
        int nm = qe & 0xFF;
        qe >>>= 8;
        long temp = a - qe;
        a = temp;
        temp <<= ct;
        if (c >= temp) {
            c -= temp;
            if (a < qe) {
                a = qe;
                st[s] = (byte) ((sv & 0x80) ^ nm);
            } else {
                a = qe;
                st[s] = (byte) ((sv & 0x80) ^ nl);
                sv ^= 0x80;
            }
        } else if (a < 0x8000L) {
            if (a < qe) {
                st[s] = (byte) ((sv & 0x80) ^ nl);
                sv ^= 0x80;
            } else {
                st[s] = (byte) ((sv & 0x80) ^ nm);
            }
        }
        return sv >> 7 & 1;
    }

    /** The next data byte, zeros once a marker (or the end of the file) is reached. */
    private int nextByte() {
        if (in.pendingMarker != 0 || in.pos >= in.data.length) {
            return 0;
        }
        int data = in.data[in.pos++] & 0xFF;
        if (data == 0xFF) {
            do {
                if (in.pos >= in.data.length) {
                    return 0;
                }
                data = in.data[in.pos++] & 0xFF;
            } while (data == 0xFF);
            if (data == 0) {
                return 0xFF;
            }
            in.pendingMarker = data;
            return 0;
        }
        return data;
    }
}
