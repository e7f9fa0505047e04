package io.clipdecomp.core.preprocess.jpeg;

import io.clipdecomp.core.preprocess.ImageDecodeException;

/**
 * One Huffman table of a DHT segment, checked as libjpeg's {@code jpeg_make_d_derived_tbl} checks it, with
 * lookup tables for codes of up to {@link #LOOKAHEAD} bits and the canonical search for longer ones.
 */
final class HuffmanTable {
    /** Bits looked up at once. */
    static final int LOOKAHEAD = 11;

    /** Per {@link #LOOKAHEAD}-bit prefix: code length << 8 | symbol, or 0 when the code is longer. */
    final int[] lookup = new int[1 << LOOKAHEAD];
    /**
     * AC tables only, per prefix: for a code whose length plus its value's bits fit the prefix, the coefficient
     * value << 16 | zero run << 8 | bits used; else 0.
     */
    final int[] fastAc;
    /** Largest code of each length, -1 when there is none; index 17 stops the search. */
    final int[] maxCode = new int[18];
    /** Index into {@link #values} of each length's first code, minus that code. */
    final int[] valueOffset = new int[18];
    final int[] values;

    private HuffmanTable(int[] counts, int[] values, boolean ac) throws ImageDecodeException {
        int total = 0;
        for (int length = 1; length <= 16; length++) {
            total += counts[length];
        }
        if (total != values.length || total > 256) {
            throw bad();
        }
        this.values = values;
        int[] sizes = new int[values.length];
        int[] codes = new int[values.length];
        int p = 0;
        for (int length = 1; length <= 16; length++) {
            for (int i = 0; i < counts[length]; i++) {
                sizes[p++] = length;
            }
        }
        int code = 0;
        p = 0;
        for (int length = 1; length <= 16; length++) {
            for (int i = 0; i < counts[length]; i++) {
                codes[p++] = code++;
            }
            if (code >= 1 << length) {
                throw bad(); // the codes do not fit their length, or one is all ones
            }
            code <<= 1;
        }
        p = 0;
        for (int length = 1; length <= 16; length++) {
            if (counts[length] > 0) {
                valueOffset[length] = p - codes[p];
                p += counts[length];
                maxCode[length] = codes[p - 1];
            } else {
                maxCode[length] = -1;
            }
        }
        maxCode[17] = Integer.MAX_VALUE;
        fastAc = ac ? new int[1 << LOOKAHEAD] : null;
        for (p = 0; p < values.length && sizes[p] <= LOOKAHEAD; p++) {
            int length = sizes[p];
            int first = codes[p] << (LOOKAHEAD - length);
            for (int fill = 0; fill < 1 << (LOOKAHEAD - length); fill++) {
                int prefix = first | fill;
                lookup[prefix] = length << 8 | values[p];
                int size = values[p] & 15;
                if (ac && size > 0 && length + size <= LOOKAHEAD) {
                    int bits = (prefix >> (LOOKAHEAD - length - size)) & ((1 << size) - 1);
                    int value = extend(bits, size);
                    fastAc[prefix] = value << 16 | (values[p] >> 4) << 8 | (length + size);
                }
            }
        }
    }

    /**
     * A table from a DHT segment's 16 counts and its symbols; DC symbols must be magnitude categories (0..15).
     */
    static HuffmanTable of(int[] counts, int[] values, boolean ac) throws ImageDecodeException {
        if (!ac) {
            for (int v : values) {
                if (v > 15) {
                    throw bad();
                }
            }
        }
        return new HuffmanTable(counts, values, ac);
    }

    /** HUFF_EXTEND: the signed value of {@code size} received bits. */
    static int extend(int bits, int size) {
        return bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
    }

    private static ImageDecodeException bad() {
        return new ImageDecodeException("corrupt JPEG: a Huffman table (DHT) does not define a valid code");
    }

    /** The four tables libjpeg-turbo assumes when a sequential JPEG has none (Motion-JPEG frames omit them). */
    static HuffmanTable standard(boolean ac, int table) throws ImageDecodeException {
        int[] counts;
        int[] values;
        if (!ac) {
            counts = table == 0 ? new int[] {0, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0}
                    : new int[] {0, 0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
            values = new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        } else if (table == 0) {
            counts = new int[] {0, 0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d};
            values = hex("01020300041105122131410613516107227114328191a1082342b1c11552d1f0"
                    + "2433627282090a161718191a25262728292a3435363738393a434445464748494a"
                    + "535455565758595a636465666768696a737475767778797a838485868788898a"
                    + "92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6"
                    + "c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa");
        } else {
            counts = new int[] {0, 0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77};
            values = hex("000102031104052131061241510761711322328108144291a1b1c109233352f0"
                    + "156272d10a162434e125f11718191a262728292a35363738393a434445464748"
                    + "494a535455565758595a636465666768696a737475767778797a828384858687"
                    + "88898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3"
                    + "c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa");
        }
        return new HuffmanTable(counts, values, ac);
    }

    private static int[] hex(String digits) {
        int[] out = new int[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
