package io.clipdecomp.core.textspan;

import java.io.Serializable;

/**
 * One head's TextSpan: the texts picked in order, the share of the head's centered variance each explains, and
 * the reconstruction they give, the mean plus the projection of the centered contribution onto the (mutually
 * orthogonal) picked directions.
 *
 * @param layer the head's layer
 * @param head the head's index in its layer
 * @param indices picked text indices, in pick order
 * @param varianceShares per pick, the variance of the data along it (after the earlier picks were removed) over
 *     the head's total centered variance
 * @param images the number of images the moments covered
 * @param mean the head's mean contribution [d]
 * @param directions unit vectors of the picked (projected, deflated) texts [picks][d], mutually orthogonal
 */
public record HeadTextSpan(int layer, int head, int[] indices, double[] varianceShares, long images, double[] mean,
                           double[][] directions) implements Serializable {

    /** Share of the head's centered variance that all picks together explain. */
    public double explainedShare() {
        double s = 0;
        for (double v : varianceShares) {
            s += v;
        }
        return s;
    }

    /**
     * Adds this head's reconstruction of one contribution, μ + Σᵢ ((x − μ)·uᵢ) uᵢ, to {@code into}.
     *
     * @param x the contribution's {@code d} floats start at {@code offset}
     */
    public void addReconstruction(float[] x, int offset, double[] into) {
        int d = mean.length;
        for (int j = 0; j < d; j++) {
            into[j] += mean[j];
        }
        for (double[] u : directions) {
            double c = 0;
            for (int j = 0; j < d; j++) {
                c += (x[offset + j] - mean[j]) * u[j];
            }
            for (int j = 0; j < d; j++) {
                into[j] += c * u[j];
            }
        }
    }
}
