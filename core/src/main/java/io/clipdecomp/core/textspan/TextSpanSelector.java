package io.clipdecomp.core.textspan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * TextSpan (spec §8, {@code replace_with_iterative_removal}) computed from a head's moments instead of its samples.
 *
 * <p>The original takes the top-r right singular vectors V of the uncentered data X [K, d] (here: the top-r
 * eigenvectors of XᵀX), projects the texts T onto their span (T' = T VᵀV), centers the data (C = X − μ), then
 * repeatedly picks the text whose raw scores C t' have the largest standard deviation over the images and removes
 * its direction from the data and from every text. The variance of the scores of t' is t'ᵀ Σ t' with Σ the
 * unbiased covariance, and removing a direction t from the data turns Σ into Q Σ Q with Q = I − t tᵀ/‖t‖², the
 * same Q that deflates the texts. Every projected text lies in the span of V, so the whole search runs in the
 * r coordinates of that span: Z = T Vᵀ [M, r] and Σᵣ = V Σ Vᵀ [r, r], at O(M r²) per pick, independent of K.
 *
 * <p>When every remaining text is zero in the span (more picks than the span has directions), the search stops
 * early; the original would divide by zero there. Dimension letters: K images, d embedding, M texts, r rank.
 */
public final class TextSpanSelector {
    /** Squared norm, relative to the largest text coordinate's square, under which a text counts as removed. */
    private static final double EXHAUSTED = 1e-20;

    private final DMatrixRMaj texts; // [M, d]
    private final int textsPerHead;
    private final int rank;

    /**
     * @param textEmbeddings the text set [M][d], as the original reads it (not re-normalised)
     * @param textsPerHead picks per head (the original's {@code texts_per_head}, its {@code iters})
     * @param rank right singular vectors kept (the original's {@code w_ov_rank})
     */
    public TextSpanSelector(float[][] textEmbeddings, int textsPerHead, int rank) {
        if (textEmbeddings.length == 0) {
            throw new IllegalArgumentException("the text set is empty");
        }
        if (textsPerHead < 1 || rank < 1) {
            throw new IllegalArgumentException("texts per head and rank must be at least 1, got " + textsPerHead
                    + " and " + rank);
        }
        int d = textEmbeddings[0].length;
        this.texts = new DMatrixRMaj(textEmbeddings.length, d);
        for (int m = 0; m < textEmbeddings.length; m++) {
            if (textEmbeddings[m].length != d) {
                throw new IllegalArgumentException("text " + m + " has " + textEmbeddings[m].length
                        + " dimensions, text 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                texts.unsafe_set(m, j, textEmbeddings[m][j]);
            }
        }
        this.textsPerHead = textsPerHead;
        this.rank = rank;
    }

    /** Number of texts in the set. */
    public int textCount() {
        return texts.numRows;
    }

    /** Runs the search for one head from its moments (at least 2 images). */
    public HeadTextSpan select(int layer, int head, HeadMoments moments) {
        int d = moments.dim();
        if (d != texts.numCols) {
            throw new IllegalArgumentException("head " + layer + "." + head + " has " + d
                    + "-dimensional contributions, the texts " + texts.numCols);
        }
        if (moments.count() < 2) {
            throw new IllegalArgumentException("TextSpan of head " + layer + "." + head + " needs at least 2 images, got "
                    + moments.count());
        }
        int r = (int) Math.min(rank, Math.min(moments.count(), d));
        DMatrixRMaj basis = topEigenvectors(moments.secondMoment(), r); // V [r, d]
        DMatrixRMaj covariance = moments.covariance();
        double total = CommonOps_DDRM.trace(covariance);
        DMatrixRMaj partial = new DMatrixRMaj(r, d);
        CommonOps_DDRM.mult(basis, covariance, partial);
        DMatrixRMaj sigma = new DMatrixRMaj(r, r); // V Σ Vᵀ
        CommonOps_DDRM.multTransB(partial, basis, sigma);
        DMatrixRMaj z = new DMatrixRMaj(texts.numRows, r); // T Vᵀ
        CommonOps_DDRM.multTransB(texts, basis, z);

        int m = texts.numRows;
        // below this a deflated text is rounding noise: the span has no direction left
        double exhausted = EXHAUSTED * CommonOps_DDRM.elementMaxAbs(z) * CommonOps_DDRM.elementMaxAbs(z);
        DMatrixRMaj weighted = new DMatrixRMaj(m, r);
        List<Integer> picks = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<double[]> directions = new ArrayList<>();
        for (int it = 0; it < textsPerHead; it++) {
            CommonOps_DDRM.mult(z, sigma, weighted);
            int best = -1;
            double bestVariance = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < m; t++) {
                double v = 0;
                for (int c = 0; c < r; c++) {
                    v += weighted.unsafe_get(t, c) * z.unsafe_get(t, c);
                }
                if (v > bestVariance) { // the first of equal maxima, as np.argmax
                    bestVariance = v;
                    best = t;
                }
            }
            double[] pick = new double[r];
            double norm2 = 0;
            for (int c = 0; c < r; c++) {
                pick[c] = z.unsafe_get(best, c);
                norm2 += pick[c] * pick[c];
            }
            if (!(norm2 > exhausted)) {
                break;
            }
            picks.add(best);
            shares.add(total > 0 ? bestVariance / norm2 / total : 0.0);
            directions.add(direction(basis, pick, norm2));
            deflate(sigma, z, pick, norm2);
        }
        return new HeadTextSpan(layer, head, picks.stream().mapToInt(Integer::intValue).toArray(),
                shares.stream().mapToDouble(Double::doubleValue).toArray(), moments.count(), moments.mean(),
                directions.toArray(new double[0][]));
    }

    /** Σ ← Q Σ Q and Z ← Z Q, with Q = I − p pᵀ/‖p‖². */
    private static void deflate(DMatrixRMaj sigma, DMatrixRMaj z, double[] p, double norm2) {
        int r = p.length;
        double[] a = new double[r]; // Σ p
        for (int i = 0; i < r; i++) {
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += sigma.unsafe_get(i, j) * p[j];
            }
            a[i] = s;
        }
        double pap = 0;
        for (int i = 0; i < r; i++) {
            pap += p[i] * a[i];
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double v = sigma.unsafe_get(i, j) - (a[i] * p[j] + p[i] * a[j]) / norm2 + pap * p[i] * p[j] / (norm2 * norm2);
                sigma.unsafe_set(i, j, v);
            }
        }
        for (int t = 0; t < z.numRows; t++) {
            double c = 0;
            for (int j = 0; j < r; j++) {
                c += z.unsafe_get(t, j) * p[j];
            }
            c /= norm2;
            for (int j = 0; j < r; j++) {
                z.unsafe_set(t, j, z.unsafe_get(t, j) - c * p[j]);
            }
        }
    }

    /** The unit vector Vᵀ p / ‖p‖ in embedding space. */
    private static double[] direction(DMatrixRMaj basis, double[] p, double norm2) {
        int d = basis.numCols;
        double[] u = new double[d];
        double scale = 1 / Math.sqrt(norm2);
        for (int c = 0; c < p.length; c++) {
            double w = p[c] * scale;
            for (int j = 0; j < d; j++) {
                u[j] += w * basis.unsafe_get(c, j);
            }
        }
        return u;
    }

    /** The eigenvectors of a symmetric matrix for its r largest eigenvalues, as rows [r, d]. */
    static DMatrixRMaj topEigenvectors(DMatrixRMaj symmetric, int r) {
        int d = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalStateException("the eigendecomposition of a " + d + "x" + d + " second moment failed");
        }
        Integer[] order = new Integer[d];
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
            values[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        DMatrixRMaj basis = new DMatrixRMaj(r, d);
        for (int c = 0; c < r; c++) {
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            double scale = 1 / NormOps_DDRM.normF(v);
            for (int j = 0; j < d; j++) {
                basis.unsafe_set(c, j, v.get(j) * scale);
            }
        }
        return basis;
    }
}
