package io.clipdecomp.core.analysis;

import java.io.IOException;
import java.io.Serializable;

/**
 * The means that mean-ablation replaces terms with: per MLP-like term [L+1, d], per layer's class-token part
 * [L, d] and per layer's attention summed over heads [L, d], over a set of images.
 *
 * @param shape L, H and d
 * @param count images averaged
 * @param mlps mean MLP terms, flattened [L+1, d]
 * @param clsAttn mean class-token terms, flattened [L, d]
 * @param layers mean per-layer attention (all heads), flattened [L, d]
 */
public record AblationMeans(TermShape shape, long count, double[] mlps, double[] clsAttn, double[] layers)
        implements Serializable {

    /** Means from running sums of per-head, MLP and class-token terms (doubles, in the files' layouts). */
    public static AblationMeans fromSums(TermShape shape, long count, double[] headSums, double[] mlpSums,
                                         double[] clsSums) {
        if (count < 1) {
            throw new IllegalArgumentException("means of " + count + " images");
        }
        int d = shape.dim();
        double[] layers = new double[shape.layers() * d];
        for (int l = 0; l < shape.layers(); l++) {
            for (int h = 0; h < shape.heads(); h++) {
                int o = shape.headOffset(l, h);
                for (int j = 0; j < d; j++) {
                    layers[l * d + j] += headSums[o + j];
                }
            }
        }
        return new AblationMeans(shape, count, divide(mlpSums, count), divide(clsSums, count), divide(layers, count));
    }

    /** The means over every row of {@code rows} (one pass, memory independent of the row count). */
    public static AblationMeans of(DecompositionRows rows) throws IOException {
        TermShape shape = rows.shape();
        double[] heads = new double[shape.headLength()];
        double[] mlps = new double[shape.mlpLength()];
        double[] cls = new double[shape.clsLength()];
        rows.forEachChunk(chunk -> {
            DecompositionChunk.addRows(heads, chunk.heads(), chunk.count());
            DecompositionChunk.addRows(mlps, chunk.mlps(), chunk.count());
            DecompositionChunk.addRows(cls, chunk.clsAttn(), chunk.count());
        });
        return fromSums(shape, rows.rows(), heads, mlps, cls);
    }

    private static double[] divide(double[] sums, long count) {
        double[] m = new double[sums.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = sums[i] / count;
        }
        return m;
    }
}
