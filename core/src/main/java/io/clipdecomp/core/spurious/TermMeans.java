package io.clipdecomp.core.spurious;

import io.clipdecomp.core.analysis.DecompositionChunk;
import io.clipdecomp.core.analysis.TermShape;

/**
 * The mean of every per-head term [L, H, d] and every MLP-like term [L+1, d] over a set of images: what
 * mean-ablation replaces a head or an MLP with (the original's {@code np.mean(..., axis=0)}).
 *
 * @param shape L, H and d
 * @param count images averaged
 * @param heads mean per-head terms, flattened [L, H, d]
 * @param mlps mean MLP terms, flattened [L+1, d]
 */
public record TermMeans(TermShape shape, long count, double[] heads, double[] mlps) {

    /** Running sums over chunks of rows. */
    public static final class Sums {
        private final TermShape shape;
        private final double[] heads;
        private final double[] mlps;
        private long count;

        public Sums(TermShape shape) {
            this.shape = shape;
            this.heads = new double[shape.headLength()];
            this.mlps = new double[shape.mlpLength()];
        }

        /** Adds the rows of {@code chunk}. */
        public void add(DecompositionChunk chunk) {
            DecompositionChunk.addRows(heads, chunk.heads(), chunk.count());
            DecompositionChunk.addRows(mlps, chunk.mlps(), chunk.count());
            count += chunk.count();
        }

        /** The means of the rows added. */
        public TermMeans means() {
            if (count < 1) {
                throw new IllegalStateException("means of no images");
            }
            return new TermMeans(shape, count, divide(heads, count), divide(mlps, count));
        }
    }

    private static double[] divide(double[] sums, long count) {
        double[] m = new double[sums.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = sums[i] / count;
        }
        return m;
    }
}
