package io.clipdecomp.core.preprocess.jpeg;

/**
 * libjpeg-turbo's accurate integer inverse DCT ({@code jidctint.c jpeg_idct_islow}, the default {@code JDCT_ISLOW}
 * that Pillow decodes with), operation for operation, so its samples are libjpeg-turbo's.
 *
 * <p>Two details follow libjpeg-turbo's x86 SIMD code, which is what Pillow runs: the dequantised coefficient is
 * kept to 16 bits, as {@code pmullw} keeps it, and the result is clamped to 0..255 (the C code's range-limit
 * table wraps values more than 384 out of range, which no real image produces).
 */
final class InverseDct {
    private static final int CONST_BITS = 13;
    private static final int PASS1_BITS = 2;
    private static final int FIX_0_298631336 = 2446;
    private static final int FIX_0_390180644 = 3196;
    private static final int FIX_0_541196100 = 4433;
    private static final int FIX_0_765366865 = 6270;
    private static final int FIX_0_899976223 = 7373;
    private static final int FIX_1_175875602 = 9633;
    private static final int FIX_1_501321110 = 12299;
    private static final int FIX_1_847759065 = 15137;
    private static final int FIX_1_961570560 = 16069;
    private static final int FIX_2_053119869 = 16819;
    private static final int FIX_2_562915447 = 20995;
    private static final int FIX_3_072711026 = 25172;
    private static final int PASS1_ROUND = 1 << (CONST_BITS - PASS1_BITS - 1);
    private static final int PASS2_SHIFT = CONST_BITS + PASS1_BITS + 3;
    private static final int PASS2_ROUND = 1 << (PASS2_SHIFT - 1);

    private final int[] workspace = new int[64];

    /** A block whose AC coefficients are all zero: the islow arithmetic reduces to one value for all 64 samples. */
    static void transformDc(short[] coef, int at, byte[] out, int outAt, int stride) {
        int ws = coef[at] << PASS1_BITS;
        byte dc = clamp((ws + (1 << (PASS1_BITS + 2))) >> (PASS1_BITS + 3));
        for (int row = 0; row < 8; row++) {
            int o = outAt + row * stride;
            for (int x = 0; x < 8; x++) {
                out[o + x] = dc;
            }
        }
    }

    /**
     * Transforms one block: {@code coef[at..at+63]} in natural order, not dequantised, times {@code quant}; writes
     * 8 rows of 8 samples at {@code out[outAt + row * stride]}. The coefficients are left as they were.
     */
    void transform(short[] coef, int at, byte[] out, int outAt, int stride) {
        int[] ws = workspace;
        for (int col = 0; col < 8; col++) {
            int c1 = coef[at + 8 + col];
            int c2 = coef[at + 16 + col];
            int c3 = coef[at + 24 + col];
            int c4 = coef[at + 32 + col];
            int c5 = coef[at + 40 + col];
            int c6 = coef[at + 48 + col];
            int c7 = coef[at + 56 + col];
            if ((c1 | c2 | c3 | c4 | c5 | c6 | c7) == 0) {
                int dc = coef[at + col] << PASS1_BITS;
                for (int r = 0; r < 64; r += 8) {
                    ws[r + col] = dc;
                }
                continue;
            }
            int z2 = c2;
            int z3 = c6;
            int z1 = (z2 + z3) * FIX_0_541196100;
            int tmp2 = z1 + z3 * -FIX_1_847759065;
            int tmp3 = z1 + z2 * FIX_0_765366865;
            z2 = coef[at + col];
            z3 = c4;
            int tmp0 = (z2 + z3) << CONST_BITS;
            int tmp1 = (z2 - z3) << CONST_BITS;
            int tmp10 = tmp0 + tmp3;
            int tmp13 = tmp0 - tmp3;
            int tmp11 = tmp1 + tmp2;
            int tmp12 = tmp1 - tmp2;

            tmp0 = c7;
            tmp1 = c5;
            tmp2 = c3;
            tmp3 = c1;
            z1 = tmp0 + tmp3;
            z2 = tmp1 + tmp2;
            z3 = tmp0 + tmp2;
            int z4 = tmp1 + tmp3;
            int z5 = (z3 + z4) * FIX_1_175875602;
            tmp0 *= FIX_0_298631336;
            tmp1 *= FIX_2_053119869;
            tmp2 *= FIX_3_072711026;
            tmp3 *= FIX_1_501321110;
            z1 *= -FIX_0_899976223;
            z2 *= -FIX_2_562915447;
            z3 = z3 * -FIX_1_961570560 + z5;
            z4 = z4 * -FIX_0_390180644 + z5;
            tmp0 += z1 + z3;
            tmp1 += z2 + z4;
            tmp2 += z2 + z3;
            tmp3 += z1 + z4;

            int shift = CONST_BITS - PASS1_BITS;
            ws[col] = (tmp10 + tmp3 + PASS1_ROUND) >> shift;
            ws[56 + col] = (tmp10 - tmp3 + PASS1_ROUND) >> shift;
            ws[8 + col] = (tmp11 + tmp2 + PASS1_ROUND) >> shift;
            ws[48 + col] = (tmp11 - tmp2 + PASS1_ROUND) >> shift;
            ws[16 + col] = (tmp12 + tmp1 + PASS1_ROUND) >> shift;
            ws[40 + col] = (tmp12 - tmp1 + PASS1_ROUND) >> shift;
            ws[24 + col] = (tmp13 + tmp0 + PASS1_ROUND) >> shift;
            ws[32 + col] = (tmp13 - tmp0 + PASS1_ROUND) >> shift;
        }
        for (int row = 0; row < 8; row++) {
            int w = row * 8;
            int o = outAt + row * stride;
            int w1 = ws[w + 1];
            int w2 = ws[w + 2];
            int w3 = ws[w + 3];
            int w4 = ws[w + 4];
            int w5 = ws[w + 5];
            int w6 = ws[w + 6];
            int w7 = ws[w + 7];
            if ((w1 | w2 | w3 | w4 | w5 | w6 | w7) == 0) {
                byte dc = clamp((ws[w] + (1 << (PASS1_BITS + 2))) >> (PASS1_BITS + 3));
                for (int x = 0; x < 8; x++) {
                    out[o + x] = dc;
                }
                continue;
            }
            int z1 = (w2 + w6) * FIX_0_541196100;
            int tmp2 = z1 + w6 * -FIX_1_847759065;
            int tmp3 = z1 + w2 * FIX_0_765366865;
            int tmp0 = (ws[w] + w4) << CONST_BITS;
            int tmp1 = (ws[w] - w4) << CONST_BITS;
            int tmp10 = tmp0 + tmp3;
            int tmp13 = tmp0 - tmp3;
            int tmp11 = tmp1 + tmp2;
            int tmp12 = tmp1 - tmp2;

            tmp0 = w7;
            tmp1 = w5;
            tmp2 = w3;
            tmp3 = w1;
            z1 = tmp0 + tmp3;
            int z2 = tmp1 + tmp2;
            int z3 = tmp0 + tmp2;
            int z4 = tmp1 + tmp3;
            int z5 = (z3 + z4) * FIX_1_175875602;
            tmp0 *= FIX_0_298631336;
            tmp1 *= FIX_2_053119869;
            tmp2 *= FIX_3_072711026;
            tmp3 *= FIX_1_501321110;
            z1 *= -FIX_0_899976223;
            z2 *= -FIX_2_562915447;
            z3 = z3 * -FIX_1_961570560 + z5;
            z4 = z4 * -FIX_0_390180644 + z5;
            tmp0 += z1 + z3;
            tmp1 += z2 + z4;
            tmp2 += z2 + z3;
            tmp3 += z1 + z4;

            out[o] = clamp((tmp10 + tmp3 + PASS2_ROUND) >> PASS2_SHIFT);
            out[o + 7] = clamp((tmp10 - tmp3 + PASS2_ROUND) >> PASS2_SHIFT);
            out[o + 1] = clamp((tmp11 + tmp2 + PASS2_ROUND) >> PASS2_SHIFT);
            out[o + 6] = clamp((tmp11 - tmp2 + PASS2_ROUND) >> PASS2_SHIFT);
            out[o + 2] = clamp((tmp12 + tmp1 + PASS2_ROUND) >> PASS2_SHIFT);
            out[o + 5] = clamp((tmp12 - tmp1 + PASS2_ROUND) >> PASS2_SHIFT);
            out[o + 3] = clamp((tmp13 + tmp0 + PASS2_ROUND) >> PASS2_SHIFT);
            out[o + 4] = clamp((tmp13 - tmp0 + PASS2_ROUND) >> PASS2_SHIFT);
        }
    }

    static void dequantize(short[] coef, int at, int[] quant, short[] block) {
        for (int k = 0; k < 64; k++) {
            block[k] = (short) (coef[at + k] * quant[k]);
        }
    }

    /** A centred sample (-128 at black) as 0..255. */
    private static byte clamp(int centred) {
        int v = centred + 128;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
