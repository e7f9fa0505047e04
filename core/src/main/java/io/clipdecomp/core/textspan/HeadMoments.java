package io.clipdecomp.core.textspan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The first two moments of one head's contributions over a set of images: count K, sum Σx [d] and second
 * moment XᵀX [d, d], in double precision. They are all TextSpan needs (the SVD of the uncentered data is the
 * eigendecomposition of XᵀX, the covariance is (XᵀX − K μμᵀ)/(K − 1)), they merge by addition, and their size is
 * independent of K, so they fit keyed state and a pass over a file of any length.
 *
 * <p>The second moment is symmetric and kept as its upper triangle, row by row ({@code d (d + 1) / 2} values).
 */
public final class HeadMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int dim;
    private long count;
    private final double[] sum;
    private final double[] upper;

    /** Empty moments of {@code dim}-dimensional contributions. */
    public HeadMoments(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("moments need at least one dimension, got " + dim);
        }
        this.dim = dim;
        this.sum = new double[dim];
        this.upper = new double[packedLength(dim)];
    }

    /** Moments restored from their parts, as {@link #count()}, {@link #sum()} and {@link #packedSecondMoment()} give them. */
    public static HeadMoments of(long count, double[] sum, double[] packedSecondMoment) {
        HeadMoments m = new HeadMoments(sum.length);
        if (packedSecondMoment.length != m.upper.length) {
            throw new IllegalArgumentException("a packed second moment of dimension " + sum.length + " has "
                    + m.upper.length + " values, got " + packedSecondMoment.length);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        m.count = count;
        System.arraycopy(sum, 0, m.sum, 0, sum.length);
        System.arraycopy(packedSecondMoment, 0, m.upper, 0, m.upper.length);
        return m;
    }

    /**
     * Adds a batch of contributions with one matrix product XᵀX (float64, on DJL's engine) instead of one rank-1
     * update per image.
     *
     * @param rows {@code count} contributions of {@code dim} floats each, row after row, from {@code offset}
     * @param stride floats between the starts of two consecutive rows (≥ dim; other heads may sit in between)
     */
    public void addRows(NDManager manager, float[] rows, int offset, int count, int stride) {
        if (count == 0) {
            return;
        }
        if (stride < dim || offset < 0 || (long) offset + (long) (count - 1) * stride + dim > rows.length) {
            throw new IllegalArgumentException(count + " rows of " + dim + " at offset " + offset + " with stride "
                    + stride + " do not fit in " + rows.length + " floats");
        }
        double[] x = new double[count * dim];
        for (int i = 0; i < count; i++) {
            int from = offset + i * stride;
            for (int j = 0; j < dim; j++) {
                double v = rows[from + j];
                x[i * dim + j] = v;
                sum[j] += v;
            }
        }
        try (NDManager batch = manager.newSubManager()) {
            NDArray xs = batch.create(x, new Shape(count, dim));
            double[] gram = xs.transpose().matMul(xs).toDoubleArray();
            int p = 0;
            for (int i = 0; i < dim; i++) {
                for (int j = i; j < dim; j++) {
                    upper[p++] += gram[i * dim + j];
                }
            }
        }
        this.count += count;
    }

    /** Adds the moments of other images (of the same dimension) to these. */
    public void merge(HeadMoments other) {
        if (other.dim != dim) {
            throw new IllegalArgumentException("cannot merge moments of dimension " + other.dim + " into " + dim);
        }
        count += other.count;
        for (int j = 0; j < dim; j++) {
            sum[j] += other.sum[j];
        }
        for (int p = 0; p < upper.length; p++) {
            upper[p] += other.upper[p];
        }
    }

    /** Dimension d of the contributions. */
    public int dim() {
        return dim;
    }

    /** Number of images added. */
    public long count() {
        return count;
    }

    /** Σx over the images (a copy). */
    public double[] sum() {
        return sum.clone();
    }

    /** The mean contribution Σx / K. */
    public double[] mean() {
        requireImages(1);
        double[] m = new double[dim];
        for (int j = 0; j < dim; j++) {
            m[j] = sum[j] / count;
        }
        return m;
    }

    /** The upper triangle of XᵀX, row by row (a copy). */
    public double[] packedSecondMoment() {
        return upper.clone();
    }

    /** XᵀX as a full symmetric matrix [d, d]. */
    public DMatrixRMaj secondMoment() {
        DMatrixRMaj g = new DMatrixRMaj(dim, dim);
        int p = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                g.unsafe_set(i, j, upper[p]);
                g.unsafe_set(j, i, upper[p]);
                p++;
            }
        }
        return g;
    }

    /** The unbiased covariance (XᵀX − K μμᵀ) / (K − 1), as torch.std's square would give per direction. */
    public DMatrixRMaj covariance() {
        requireImages(2);
        DMatrixRMaj c = secondMoment();
        double[] m = mean();
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                c.unsafe_set(i, j, (c.unsafe_get(i, j) - count * m[i] * m[j]) / (count - 1));
            }
        }
        return c;
    }

    /** Bytes these moments hold: count, sum and the packed second moment. */
    public long stateBytes() {
        return Long.BYTES + (long) Double.BYTES * (sum.length + upper.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadMoments m && m.count == count && Arrays.equals(m.sum, sum) && Arrays.equals(m.upper, upper);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(sum);
    }

    private void requireImages(long least) {
        if (count < least) {
            throw new IllegalStateException("moments of " + count + " images; at least " + least + " needed");
        }
    }

    private static int packedLength(int dim) {
        long n = (long) dim * (dim + 1) / 2;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dimension " + dim + " is too large for packed moments");
        }
        return (int) n;
    }
}
