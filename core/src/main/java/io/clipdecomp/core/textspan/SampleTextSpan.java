package io.clipdecomp.core.textspan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The original {@code replace_with_iterative_removal} on a head's samples, step by step (spec §8): SVD of the
 * uncentered data, texts projected with Vᵀ(VVᵀ)⁻¹V, then per pick the scores of every image against every text,
 * their unbiased standard deviations, and the deflation of data, reconstruction and texts. Memory and time grow
 * with K; it is the independent route {@link TextSpanSelector} is checked against and timed next to, not a route
 * the commands take. Arithmetic is float64 on DJL's engine, the SVD EJML's.
 */
public final class SampleTextSpan {
    private SampleTextSpan() {
    }

    /**
     * The picks and the reconstruction.
     *
     * @param indices picked text indices in order
     * @param reconstruction the mean plus the projections onto the picks, per image [K * d]
     */
    public record Result(int[] indices, double[] reconstruction) {
    }

    /**
     * Runs the search.
     *
     * @param data K contributions of d floats, row after row
     * @param texts the text set [M][d]
     */
    public static Result run(NDManager manager, float[] data, int k, int d, float[][] texts, int iters, int rank) {
        try (NDManager m = manager.newSubManager()) {
            double[] x = new double[k * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = data[i];
            }
            NDArray xs = m.create(x, new Shape(k, d));
            NDArray v = m.create(topRightSingularVectors(x, k, d, rank));
            NDArray projection = v.transpose().matMul(v.matMul(v.transpose()).inverse()).matMul(v); // [d, d]
            NDArray t = m.create(flatten(texts), new Shape(texts.length, d)).matMul(projection); // [M, d]
            NDArray mean = xs.mean(new int[] {0}, true);
            NDArray centered = xs.sub(mean);
            NDArray reconstruction = mean.repeat(0, k);
            int[] picks = new int[iters];
            for (int it = 0; it < iters; it++) {
                NDArray scores = centered.matMul(t.transpose()); // [K, M]
                NDArray deviations = scores.sub(scores.mean(new int[] {0}, true)).square().sum(new int[] {0})
                        .div(k - 1).sqrt();
                int best = firstMax(deviations.toDoubleArray());
                picks[it] = best;
                NDArray pick = t.get(best); // [d]
                NDArray norm2 = pick.dot(pick);
                NDArray removed = centered.matMul(pick).div(norm2).reshape(k, 1).mul(pick.reshape(1, d));
                reconstruction = reconstruction.add(removed);
                centered = centered.sub(removed);
                t = t.sub(t.matMul(pick).div(norm2).reshape(texts.length, 1).mul(pick.reshape(1, d)));
            }
            return new Result(picks, reconstruction.toDoubleArray());
        }
    }

    /** The rank right singular vectors of X [K, d] with the largest singular values, as rows [r][d]. */
    private static double[][] topRightSingularVectors(double[] x, int k, int d, int rank) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(k, d, false, true, true);
        if (!svd.decompose(new DMatrixRMaj(k, d, true, x))) {
            throw new IllegalStateException("the SVD of a " + k + "x" + d + " matrix failed");
        }
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj vt = svd.getV(null, true);
        SingularOps_DDRM.descendingOrder(null, false, w, vt, true);
        int r = Math.min(rank, Math.min(k, d));
        double[][] rows = new double[r][d];
        for (int c = 0; c < r; c++) {
            for (int j = 0; j < d; j++) {
                rows[c][j] = vt.get(c, j);
            }
        }
        return rows;
    }

    private static int firstMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] flatten(float[][] rows) {
        int d = rows[0].length;
        double[] out = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = rows[i][j];
            }
        }
        return out;
    }
}
