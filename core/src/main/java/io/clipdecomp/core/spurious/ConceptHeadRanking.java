package io.clipdecomp.core.spurious;

import io.clipdecomp.core.textspan.HeadMoments;
import io.clipdecomp.core.textspan.HeadTextSpan;
import io.clipdecomp.core.textspan.TextSpanSelector;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Scores heads by how much of what their TextSpan texts explain lies along a set of concept texts (e.g. places,
 * landscapes, water, forest): the automatic stand-in for the original's hand-picked Waterbirds heads.
 *
 * <p>For a head with centered covariance Σ (from its moments) TextSpan picks texts whose unit directions
 * u₁..u_k (projected and deflated, mutually orthogonal) span the head's text basis U. Its reconstruction of a
 * centered contribution x is U Uᵀ x. The <b>concept score</b> of the head is the share of its centered variance
 * that this reconstruction places in the span C of the concept directions:
 * <pre>    score = tr(P_C U Uᵀ Σ U Uᵀ P_C) / tr(Σ) = tr(B (U Σ Uᵀ) Bᵀ) / tr(Σ),   B = Q Uᵀ</pre>
 * with Q an orthonormal basis of C and P_C = Qᵀ Q. It lies in [0, 1]: 0 when no basis direction touches C, the
 * share explained by TextSpan when the basis lies inside C. The concept directions are the concept embeddings
 * minus the mean embedding of the TextSpan text set, so that what every text shares (CLIP text embeddings are far
 * from centered) does not count as a concept.
 *
 * <p>For reading, each pick also gets its <i>alignment</i> ‖Q uᵢ‖² (squared cosine of its direction with C) and
 * the concept text nearest to it (largest cosine of the centered embeddings); its variance share times its
 * alignment says how much it contributes (exactly, when the picks' scores are uncorrelated).
 */
public final class ConceptHeadRanking {
    /** A concept direction shorter than this fraction of the longest is dependent on the others and dropped. */
    private static final double DEPENDENT = 1e-6;

    private final TextSpanSelector selector;
    private final double[][] pool; // the text set, centered [M][d]
    private final double[][] concepts; // the concept texts, centered [c][d]
    private final DMatrixRMaj basis; // Q [c', d]

    /**
     * @param selector TextSpan over the text set {@code textSet}
     * @param textSet the text set's embeddings [M][d], in the selector's order
     * @param conceptTexts the concept texts' embeddings [c][d]
     */
    public ConceptHeadRanking(TextSpanSelector selector, float[][] textSet, float[][] conceptTexts) {
        if (textSet.length != selector.textCount()) {
            throw new IllegalArgumentException(textSet.length + " text embeddings for a selector of "
                    + selector.textCount());
        }
        if (conceptTexts.length == 0) {
            throw new IllegalArgumentException("no concept texts");
        }
        int d = textSet[0].length;
        double[] mean = new double[d];
        for (float[] t : textSet) {
            for (int j = 0; j < d; j++) {
                mean[j] += t[j] / (double) textSet.length;
            }
        }
        this.selector = selector;
        this.pool = centered(textSet, mean);
        for (float[] c : conceptTexts) {
            if (c.length != d) {
                throw new IllegalArgumentException("concept embeddings have " + c.length + " dimensions, the text set "
                        + d);
            }
        }
        this.concepts = centered(conceptTexts, mean);
        this.basis = orthonormalBasis(concepts);
        if (basis.numRows == 0) {
            throw new IllegalArgumentException("the concept texts do not differ from the text set's mean embedding");
        }
    }

    /** Dimensions of the concept span. */
    public int conceptDimensions() {
        return basis.numRows;
    }

    /** Runs TextSpan for head (layer, head) from its moments and scores it. */
    public HeadConceptScore score(int layer, int head, HeadMoments moments) {
        HeadTextSpan span = selector.select(layer, head, moments);
        double[][] u = span.directions();
        int k = u.length;
        int d = moments.dim();
        DMatrixRMaj covariance = moments.covariance();
        double total = CommonOps_DDRM.trace(covariance);
        double[] alignments = new double[k];
        int[] nearest = new int[k];
        if (k == 0 || !(total > 0)) {
            return new HeadConceptScore(layer, head, 0, span, alignments, nearest);
        }
        DMatrixRMaj basisU = new DMatrixRMaj(u); // [k, d]
        DMatrixRMaj su = new DMatrixRMaj(k, d);
        CommonOps_DDRM.mult(basisU, covariance, su);
        DMatrixRMaj a = new DMatrixRMaj(k, k); // U Σ Uᵀ
        CommonOps_DDRM.multTransB(su, basisU, a);
        DMatrixRMaj b = new DMatrixRMaj(basis.numRows, k); // Q Uᵀ
        CommonOps_DDRM.multTransB(basis, basisU, b);
        DMatrixRMaj ba = new DMatrixRMaj(basis.numRows, k);
        CommonOps_DDRM.mult(b, a, ba);
        double inside = 0;
        for (int r = 0; r < b.numRows; r++) {
            for (int i = 0; i < k; i++) {
                inside += ba.unsafe_get(r, i) * b.unsafe_get(r, i);
            }
        }
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < b.numRows; r++) {
                alignments[i] += b.unsafe_get(r, i) * b.unsafe_get(r, i);
            }
            nearest[i] = nearestConcept(pool[span.indices()[i]]);
        }
        return new HeadConceptScore(layer, head, inside / total, span, alignments, nearest);
    }

    /** The heads of {@code scores} with the highest scores, best first (ties: the earlier head). */
    public static List<HeadConceptScore> top(List<HeadConceptScore> scores, int count) {
        List<HeadConceptScore> sorted = new ArrayList<>(scores);
        sorted.sort((x, y) -> Double.compare(y.score(), x.score()));
        return List.copyOf(sorted.subList(0, Math.min(count, sorted.size())));
    }

    private int nearestConcept(double[] text) {
        int best = 0;
        double bestCos = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < concepts.length; c++) {
            double dot = 0;
            double nc = 0;
            double nt = 0;
            for (int j = 0; j < text.length; j++) {
                dot += text[j] * concepts[c][j];
                nc += concepts[c][j] * concepts[c][j];
                nt += text[j] * text[j];
            }
            double cos = nc > 0 && nt > 0 ? dot / Math.sqrt(nc * nt) : Double.NEGATIVE_INFINITY;
            if (cos > bestCos) {
                bestCos = cos;
                best = c;
            }
        }
        return best;
    }

    private static double[][] centered(float[][] rows, double[] mean) {
        double[][] out = new double[rows.length][mean.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = rows[i][j] - mean[j];
            }
        }
        return out;
    }

    /** Modified Gram-Schmidt over the rows, dropping those (nearly) in the span of the earlier ones. */
    private static DMatrixRMaj orthonormalBasis(double[][] rows) {
        double longest = 0;
        for (double[] r : rows) {
            longest = Math.max(longest, norm(r));
        }
        List<double[]> basis = new ArrayList<>();
        for (double[] r : rows) {
            double[] v = r.clone();
            for (double[] q : basis) {
                double dot = 0;
                for (int j = 0; j < v.length; j++) {
                    dot += v[j] * q[j];
                }
                for (int j = 0; j < v.length; j++) {
                    v[j] -= dot * q[j];
                }
            }
            double n = norm(v);
            if (n > DEPENDENT * longest) {
                for (int j = 0; j < v.length; j++) {
                    v[j] /= n;
                }
                basis.add(v);
            }
        }
        return basis.isEmpty() ? new DMatrixRMaj(0, rows[0].length) : new DMatrixRMaj(basis.toArray(new double[0][]));
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
