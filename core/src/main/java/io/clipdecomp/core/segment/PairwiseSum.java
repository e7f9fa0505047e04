package io.clipdecomp.core.segment;

/**
 * numpy's {@code np.sum} of a contiguous float64 array, in numpy's own order (pairwise summation with blocks of 128
 * and eight accumulators, {@code pairwise_sum} in loops_utils.h), so sums agree with the original to the last bit.
 */
final class PairwiseSum {
    private static final int BLOCK = 128;
    private static final int UNROLL = 8;

    private PairwiseSum() {
    }

    /** The sum of {@code a[from .. from + n)}. */
    static double of(double[] a, int from, int n) {
        if (n < UNROLL) {
            double res = 0.;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[UNROLL];
            System.arraycopy(a, from, r, 0, UNROLL);
            int i;
            for (i = UNROLL; i < n - (n % UNROLL); i += UNROLL) {
                for (int j = 0; j < UNROLL; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % UNROLL;
        return of(a, from, n2) + of(a, from + n2, n - n2);
    }
}
