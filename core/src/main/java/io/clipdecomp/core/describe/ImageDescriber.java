package io.clipdecomp.core.describe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Describes one image by the texts of a text set, overall and per head. All sums are in double.
 *
 * <p>Texts t_m are used L2-normalised. With e the image embedding and c = c[l,h] a head's direct contribution
 * (token-summed, through ln_post and the projection, divided by ‖e‖: every head and MLP term together sum to
 * e/‖e‖):
 * <ul>
 *   <li>overall: {@code cos_m = <e, t_m> / ‖e‖}, the image–text cosine;</li>
 *   <li>per head, the score {@code s_m = <c, t_m>}: this head's direct share of {@code cos_m} (the shares of
 *       all terms add up to it);</li>
 *   <li>per head with a basis (its TextSpan texts j_1..j_k in pick order): Gram–Schmidt turns t_{j_1}..t_{j_k}
 *       into orthonormal u_1..u_k and each text gets the coefficient {@code a_i = <c, u_i>}, so that
 *       {@code Σ a_i u_i} is the orthogonal projection of c onto the texts' span and {@code Σ a_i² / ‖c‖²}
 *       (the span share) is how much of c they explain. A text already in the span of the earlier ones gets
 *       0. TextSpan deflates the same way, but on texts first projected onto the head's principal output
 *       directions over a dataset, which one image does not give: these coefficients are in the raw
 *       embedding space.</li>
 * </ul>
 * Texts are ranked by score, highest first; equal scores by text index, lowest first.
 */
public final class ImageDescriber {
    /** A text whose remaining norm after orthogonalisation is below this adds no direction. */
    private static final double DEPENDENT = 1e-6;

    private final double[][] texts;
    private final int dim;

    /** @param textEmbeddings [M][d], normalised here */
    public ImageDescriber(float[][] textEmbeddings) {
        if (textEmbeddings.length == 0) {
            throw new IllegalArgumentException("the text set is empty");
        }
        dim = textEmbeddings[0].length;
        texts = new double[textEmbeddings.length][];
        for (int m = 0; m < texts.length; m++) {
            if (textEmbeddings[m].length != dim) {
                throw new IllegalArgumentException("text " + m + " has " + textEmbeddings[m].length
                        + " values, text 0 has " + dim);
            }
            double[] t = new double[dim];
            for (int j = 0; j < dim; j++) {
                t[j] = textEmbeddings[m][j];
            }
            double norm = Math.sqrt(dot(t, t));
            if (!(norm > 0) || !Double.isFinite(norm)) {
                throw new IllegalArgumentException("text " + m + " has an embedding of norm " + norm
                        + "; it cannot be compared with images");
            }
            for (int j = 0; j < dim; j++) {
                t[j] /= norm;
            }
            texts[m] = t;
        }
    }

    /** Number of texts M. */
    public int size() {
        return texts.length;
    }

    /** The {@code top} texts closest to the image embedding {@code embedding} [d] by cosine. */
    public List<TextScore> overall(float[] embedding, int top) {
        double[] e = vector(embedding, "the image embedding");
        double norm = Math.sqrt(dot(e, e));
        if (!(norm > 0)) {
            throw new IllegalArgumentException("the image embedding has norm " + norm);
        }
        double[] scores = new double[texts.length];
        for (int m = 0; m < texts.length; m++) {
            scores[m] = dot(e, texts[m]) / norm;
        }
        int[] all = new int[texts.length];
        Arrays.setAll(all, m -> m);
        return best(all, scores, null, top);
    }

    /**
     * Head (l, h) of an image by its contribution {@code contribution} [d].
     *
     * @param basis the head's TextSpan texts in pick order, or null to score every text of the set (no
     *     coefficients)
     * @param top how many texts to keep
     */
    public HeadDescription head(int layer, int head, float[] contribution, int[] basis, int top) {
        double[] c = vector(contribution, "head " + layer + "." + head + "'s contribution");
        double norm = Math.sqrt(dot(c, c));
        int[] candidates = basis;
        if (candidates == null) {
            candidates = new int[texts.length];
            Arrays.setAll(candidates, m -> m);
        }
        double[] scores = new double[texts.length];
        boolean[] seen = new boolean[texts.length];
        for (int m : candidates) {
            if (m < 0 || m >= texts.length) {
                throw new IllegalArgumentException("head " + layer + "." + head + " names text " + m
                        + ", outside the text set's 0.." + (texts.length - 1));
            }
            if (seen[m]) {
                throw new IllegalArgumentException("head " + layer + "." + head + " names text " + m + " twice");
            }
            seen[m] = true;
            scores[m] = dot(c, texts[m]);
        }
        if (basis == null) {
            return new HeadDescription(layer, head, norm, null, best(candidates, scores, null, top));
        }
        double[] coefficients = new double[texts.length];
        List<double[]> directions = new ArrayList<>();
        double explained = 0;
        for (int m : basis) {
            double[] u = texts[m].clone();
            for (int pass = 0; pass < 2; pass++) { // twice: one pass loses orthogonality for close texts
                for (double[] v : directions) {
                    double along = dot(u, v);
                    for (int j = 0; j < dim; j++) {
                        u[j] -= along * v[j];
                    }
                }
            }
            double rest = Math.sqrt(dot(u, u));
            if (rest < DEPENDENT) {
                continue; // coefficient stays 0
            }
            for (int j = 0; j < dim; j++) {
                u[j] /= rest;
            }
            directions.add(u);
            coefficients[m] = dot(c, u);
            explained += coefficients[m] * coefficients[m];
        }
        Double share = norm > 0 ? explained / (norm * norm) : null;
        return new HeadDescription(layer, head, norm, share, best(basis, scores, coefficients, top));
    }

    private double[] vector(float[] values, String what) {
        if (values.length != dim) {
            throw new IllegalArgumentException(what + " has " + values.length + " values; the texts have " + dim);
        }
        double[] v = new double[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = values[j];
        }
        return v;
    }

    /** The {@code top} of {@code candidates} (distinct) by score, highest first. */
    private static List<TextScore> best(int[] candidates, double[] scores, double[] coefficients, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("the number of texts shown must be 1 or more, got " + top);
        }
        List<Integer> order = new ArrayList<>(candidates.length);
        for (int m : candidates) {
            order.add(m);
        }
        order.sort((a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
        List<TextScore> out = new ArrayList<>();
        for (int m : order.subList(0, Math.min(top, order.size()))) {
            out.add(new TextScore(m, scores[m], coefficients == null ? null : coefficients[m]));
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }
}
