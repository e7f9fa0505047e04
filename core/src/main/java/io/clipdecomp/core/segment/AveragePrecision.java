package io.clipdecomp.core.segment;

import java.util.Arrays;

/**
 * scikit-learn 1.2's {@code average_precision_score} and {@code precision_recall_curve} for binary labels.
 *
 * <p>Scores are sorted in decreasing order and every distinct value is one threshold; tied scores enter together,
 * so the order of ties does not matter. At the k-th threshold, tp_k and fp_k count the positives and negatives
 * scoring at least that much; precision_k = tp_k / (tp_k + fp_k) and recall_k = tp_k / P (1 when there is no
 * positive). The curve is reversed (recall decreasing) and closed by precision 1 at recall 0, and
 * {@code AP = -sum(diff(recall) * precision[:-1])}, summed as numpy sums.
 */
public final class AveragePrecision {
    private AveragePrecision() {
    }

    /** The precision-recall curve, reversed and closed as scikit-learn returns it (one more point than thresholds). */
    public record Curve(double[] precision, double[] recall) {
    }

    /**
     * Average precision of {@code scores} against {@code positive}.
     *
     * @throws IllegalArgumentException if the lengths differ, there is no score, or a score is NaN (scikit-learn
     *     refuses those too)
     */
    public static double score(float[] scores, boolean[] positive) {
        return of(curve(scores, positive));
    }

    /** The average precision of a curve as {@link #curve} returns it. */
    public static double of(Curve curve) {
        double[] p = curve.precision();
        double[] r = curve.recall();
        int m = p.length - 1;
        double[] terms = new double[m];
        for (int i = 0; i < m; i++) {
            terms[i] = (r[i + 1] - r[i]) * p[i];
        }
        return -PairwiseSum.of(terms, 0, m);
    }

    /** The precision-recall curve of {@code scores} against {@code positive}. */
    public static Curve curve(float[] scores, boolean[] positive) {
        int n = scores.length;
        if (n != positive.length) {
            throw new IllegalArgumentException(n + " scores but " + positive.length + " labels");
        }
        if (n == 0) {
            throw new IllegalArgumentException("average precision needs at least one score");
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) sortable(scores[i]) << 1 | (positive[i] ? 1 : 0);
        }
        Arrays.sort(keys);
        // thresholds in decreasing order with the counts at or above each
        long[] tps = new long[n];
        long[] fps = new long[n];
        int m = 0;
        long tp = 0;
        long fp = 0;
        for (int i = n - 1; i >= 0; ) {
            long value = keys[i] >> 1;
            while (i >= 0 && keys[i] >> 1 == value) {
                if ((keys[i] & 1) != 0) {
                    tp++;
                } else {
                    fp++;
                }
                i--;
            }
            tps[m] = tp;
            fps[m] = fp;
            m++;
        }
        double[] precision = new double[m + 1];
        double[] recall = new double[m + 1];
        for (int k = 0; k < m; k++) {
            precision[m - 1 - k] = precision(tps[k], fps[k]);
            recall[m - 1 - k] = recall(tps[k], tp);
        }
        precision[m] = 1;
        recall[m] = 0;
        return new Curve(precision, recall);
    }

    /** tp / (tp + fp), 0 when both are 0, as precision_recall_curve divides. */
    static double precision(long tp, long fp) {
        long predicted = tp + fp;
        return predicted == 0 ? 0 : (double) tp / predicted;
    }

    /** tp / P, or 1 when there is no positive at all (scikit-learn then warns and sets recall to 1). */
    static double recall(long tp, long positives) {
        return positives == 0 ? 1 : (double) tp / positives;
    }

    /**
     * An int whose signed order is the float's numeric order, with -0 and +0 equal (numpy's diff sees no change
     * between them).
     *
     * @throws IllegalArgumentException for NaN
     */
    static int sortable(float score) {
        if (Float.isNaN(score)) {
            throw new IllegalArgumentException("a score is NaN; average precision needs real numbers");
        }
        int bits = Float.floatToIntBits(score == 0f ? 0f : score);
        return bits >= 0 ? bits : bits ^ Integer.MAX_VALUE;
    }
}
