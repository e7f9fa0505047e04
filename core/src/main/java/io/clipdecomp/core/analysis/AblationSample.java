package io.clipdecomp.core.analysis;

import java.io.Serializable;

/**
 * What mean-ablation needs of one image, reduced from its terms: each layer's attention summed over heads
 * [L, d], the class-token parts summed over layers [d], the MLP-like terms summed [d], and the class label.
 *
 * @param label the image's class
 * @param layerSums Σₕ a_{l,h} per layer, flattened [L, d]
 * @param clsTotal Σ_l c_l
 * @param mlpTotal Σⱼ mⱼ
 */
public record AblationSample(long label, double[] layerSums, double[] clsTotal, double[] mlpTotal)
        implements Serializable {

    /**
     * Reduces one image's terms, each starting at its offset: per-head [L, H, d], MLP [L+1, d], class-token [L, d].
     */
    public static AblationSample of(TermShape shape, float[] heads, int headOffset, float[] mlps, int mlpOffset,
                                    float[] cls, int clsOffset, long label) {
        int d = shape.dim();
        int layers = shape.layers();
        double[] layerSums = new double[layers * d];
        double[] clsTotal = new double[d];
        double[] mlpTotal = new double[d];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < shape.heads(); h++) {
                int o = headOffset + shape.headOffset(l, h);
                for (int c = 0; c < d; c++) {
                    layerSums[l * d + c] += heads[o + c];
                }
            }
            for (int c = 0; c < d; c++) {
                clsTotal[c] += cls[clsOffset + l * d + c];
            }
        }
        for (int j = 0; j <= layers; j++) {
            for (int c = 0; c < d; c++) {
                mlpTotal[c] += mlps[mlpOffset + j * d + c];
            }
        }
        return new AblationSample(label, layerSums, clsTotal, mlpTotal);
    }
}
