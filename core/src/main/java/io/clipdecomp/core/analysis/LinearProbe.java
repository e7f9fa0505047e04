package io.clipdecomp.core.analysis;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * How well vectors predict a class: a linear probe (one-vs-rest least squares with a bias and a small ridge),
 * fitted on the first half of the samples and scored on the second half, in double precision.
 */
public final class LinearProbe {
    /** Ridge added to the normal equations, relative to their mean diagonal. */
    private static final double RIDGE = 1e-3;

    private LinearProbe() {
    }

    /**
     * Held-out top-1 accuracy (a fraction).
     *
     * @param x {@code n} vectors of {@code dim} values, row after row, from {@code offset} with {@code stride}
     * @param labels class of each vector, 0 .. classes − 1
     */
    public static double heldOutAccuracy(float[] x, int offset, int stride, int dim, int[] labels, int classes) {
        int n = labels.length;
        int train = n / 2;
        if (train < 1 || n - train < 1) {
            throw new IllegalArgumentException("a probe needs at least 2 samples, got " + n);
        }
        DMatrixRMaj normal = new DMatrixRMaj(dim + 1, dim + 1);
        DMatrixRMaj targets = new DMatrixRMaj(dim + 1, classes);
        double[] row = new double[dim + 1];
        for (int i = 0; i < train; i++) {
            features(x, offset + i * stride, dim, row);
            for (int a = 0; a <= dim; a++) {
                for (int b = 0; b <= dim; b++) {
                    normal.add(a, b, row[a] * row[b]);
                }
                targets.add(a, labels[i], row[a]);
            }
        }
        double ridge = RIDGE * CommonOps_DDRM.trace(normal) / (dim + 1);
        for (int a = 0; a < dim; a++) {
            normal.add(a, a, ridge);
        }
        DMatrixRMaj weights = new DMatrixRMaj(dim + 1, classes);
        if (!CommonOps_DDRM.solve(normal, targets, weights)) {
            throw new IllegalStateException("the probe's normal equations are singular");
        }
        long hits = 0;
        for (int i = train; i < n; i++) {
            features(x, offset + i * stride, dim, row);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double score = 0;
                for (int a = 0; a <= dim; a++) {
                    score += row[a] * weights.get(a, c);
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            hits += best == labels[i] ? 1 : 0;
        }
        return (double) hits / (n - train);
    }

    private static void features(float[] x, int at, int dim, double[] row) {
        for (int j = 0; j < dim; j++) {
            row[j] = x[at + j];
        }
        row[dim] = 1;
    }
}
