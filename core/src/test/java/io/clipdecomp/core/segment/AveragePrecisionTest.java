package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * scikit-learn's average precision on cases worked by hand: AP = sum over distinct thresholds (decreasing) of
 * (recall_k - recall_{k-1}) * precision_k, ties entering together.
 */
class AveragePrecisionTest {
    private static final double EXACT = 1e-15;

    private static boolean[] labels(int... values) {
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] != 0;
        }
        return out;
    }

    @Test
    void distinctScores() {
        // thresholds .9 .8 .7 .6: (P, R) = (1, .5) (.5, .5) (2/3, 1) (.5, 1) -> .5 * 1 + .5 * 2/3
        assertEquals(0.5 + 0.5 * 2 / 3.0, AveragePrecision.score(new float[] {0.9f, 0.8f, 0.7f, 0.6f},
                labels(1, 0, 1, 0)), EXACT);
    }

    @Test
    void tiedScoresEnterTogetherWhateverTheirOrder() {
        // threshold .5 takes one positive and two negatives at once: (1/3, .5); then .2: (.5, 1)
        double expected = 0.5 / 3 + 0.5 * 0.5;
        assertEquals(expected, AveragePrecision.score(new float[] {0.5f, 0.5f, 0.5f, 0.2f}, labels(1, 0, 0, 1)), EXACT);
        assertEquals(expected, AveragePrecision.score(new float[] {0.5f, 0.2f, 0.5f, 0.5f}, labels(0, 1, 0, 1)), EXACT);
        assertEquals(expected, AveragePrecision.score(new float[] {0.2f, 0.5f, 0.5f, 0.5f}, labels(1, 0, 0, 1)), EXACT);
        AveragePrecision.Curve curve = AveragePrecision.curve(new float[] {0.5f, 0.5f, 0.5f, 0.2f}, labels(1, 0, 0, 1));
        assertArrayEquals(new double[] {0.5, 1 / 3.0, 1}, curve.precision(), EXACT);
        assertArrayEquals(new double[] {1, 0.5, 0}, curve.recall(), EXACT);
    }

    @Test
    void allScoresTiedGiveTheClassBalance() {
        assertEquals(0.5, AveragePrecision.score(new float[] {1f, 1f}, labels(1, 0)), EXACT);
        assertEquals(0.25, AveragePrecision.score(new float[] {0f, 0f, 0f, 0f}, labels(0, 1, 0, 0)), EXACT);
    }

    @Test
    void positiveAndNegativeZeroAreOneThreshold() {
        assertEquals(0.5, AveragePrecision.score(new float[] {0f, -0f}, labels(1, 0)), EXACT);
    }

    @Test
    void noPositiveGivesZeroWithRecallSetToOne() {
        // scikit-learn warns and sets recall to 1 everywhere: precision [0, 0, 1], recall [1, 1, 0], AP 0
        AveragePrecision.Curve curve = AveragePrecision.curve(new float[] {0.3f, 0.1f}, labels(0, 0));
        assertArrayEquals(new double[] {0, 0, 1}, curve.precision(), EXACT);
        assertArrayEquals(new double[] {1, 1, 0}, curve.recall(), EXACT);
        assertEquals(0, AveragePrecision.of(curve), 0);
    }

    @Test
    void onlyPositivesGiveOne() {
        assertEquals(1, AveragePrecision.score(new float[] {0.2f, 0.9f}, labels(1, 1)), EXACT);
    }

    @Test
    void negativeScoresSortBelowPositiveOnes() {
        // -2 < -1 < 0.5: thresholds .5 (1, 1/2), -1 (1/2, 1/2), -2 (2/3, 1)
        assertEquals(0.5 + 0.5 * 2 / 3.0, AveragePrecision.score(new float[] {-1f, 0.5f, -2f}, labels(0, 1, 1)),
                EXACT);
    }

    @Test
    void refusesNaNAndMismatchedInput() {
        assertThrows(IllegalArgumentException.class,
                () -> AveragePrecision.score(new float[] {Float.NaN, 1f}, labels(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> AveragePrecision.score(new float[] {1f}, labels(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> AveragePrecision.score(new float[0], new boolean[0]));
    }

    @Test
    void sumsInNumpysPairwiseOrder() {
        // [1e16, 1 x 18, -1e16]: doubles near 1e16 are 2 apart, so left to right every 1 is lost (ties to even)
        double[] a = new double[20];
        java.util.Arrays.fill(a, 1);
        a[0] = 1e16;
        a[19] = -1e16;
        double sequential = 0;
        for (double v : a) {
            sequential += v;
        }
        assertEquals(0, sequential, 0);
        // numpy, n = 20: eight accumulators over a[0..16): r0 = 1e16 + 1 = 1e16, r1..r7 = 2; then
        // ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) = 1e16 + 14; the tail adds 1, 1, 1 (1e16 + 15 and
        // 1e16 + 17 round to 1e16 + 16) and -1e16: 16
        assertEquals(16, PairwiseSum.of(a, 0, a.length), 0);
    }
}
