package io.clipdecomp.core.analysis;

/**
 * Consecutive rows of a decomposition: per-head terms [n, L, H, d], MLP terms [n, L+1, d] and, when read,
 * class-token terms [n, L, d], each flattened in C order.
 *
 * @param first index of the first row
 * @param count number of rows n
 * @param shape L, H and d
 * @param heads per-head terms
 * @param mlps MLP terms (index 0: the class-token input term)
 * @param clsAttn class-token-to-itself terms, or null when not read
 */
public record DecompositionChunk(long first, int count, TermShape shape, float[] heads, float[] mlps, float[] clsAttn) {

    public DecompositionChunk {
        check("head terms", heads, (long) count * shape.headLength());
        check("MLP terms", mlps, (long) count * shape.mlpLength());
        if (clsAttn != null) {
            check("class-token terms", clsAttn, (long) count * shape.clsLength());
        }
    }

    /** Adds each of {@code count} rows of {@code into.length} values in {@code rows} to {@code into}. */
    public static void addRows(double[] into, float[] rows, int count) {
        int n = into.length;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < n; j++) {
                into[j] += rows[i * n + j];
            }
        }
    }

    private static void check(String what, float[] values, long expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(what + " hold " + values.length + " values, expected " + expected);
        }
    }
}
