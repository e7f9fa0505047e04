package io.clipdecomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The comparison tolerances of core's numerical tests, in one place. */
public final class Tolerances {
    /** float32 DJL result vs a double-precision plain implementation, relative to the array's largest value. */
    public static final double VS_PLAIN = 1e-5;
    /** Sum of the decomposition's terms vs the unit embedding, absolute (float32 accumulation). */
    public static final double SUM_IDENTITY = 2e-6;

    private Tolerances() {
    }

    /** Asserts max |a - b| <= tol * max(1e-3, max |b|), reporting the worst index. */
    public static void assertClose(String what, double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1e-3;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        int worst = -1;
        double worstErr = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (!(err <= worstErr) || Double.isNaN(actual[i])) {
                worstErr = Double.isNaN(actual[i]) ? Double.POSITIVE_INFINITY : err;
                worst = i;
            }
        }
        if (worstErr > tol * scale) {
            fail(what + ": max error " + worstErr + " at " + worst + " (expected " + expected[worst] + ", got "
                    + actual[worst] + "), allowed " + tol * scale);
        }
    }
}
