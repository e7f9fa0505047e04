package io.clipdecomp.core.analysis;

import java.io.Serializable;

/**
 * Top-1 accuracies (percent) of compute_ablations.py's five lines (spec §6).
 *
 * @param images images evaluated
 * @param baseline all terms
 * @param mlps every MLP term (all L+1) mean-ablated
 * @param cls every layer's class-token part mean-ablated
 * @param mlpsAndCls both
 * @param attentionLayers L+1 values: element 0 the baseline, element k+1 with attention layers 0..k mean-ablated
 */
public record AblationAccuracies(long images, double baseline, double mlps, double cls, double mlpsAndCls,
                                 double[] attentionLayers) implements Serializable {

    /** The accuracies of {@code images} images from their hits per variant, in {@link MeanAblation#hits()}'s order. */
    public static AblationAccuracies of(long images, long[] hits) {
        int layers = hits.length - MeanAblation.FIXED_VARIANTS;
        double[] sweep = new double[layers + 1];
        sweep[0] = percent(hits[0], images);
        for (int k = 0; k < layers; k++) {
            sweep[k + 1] = percent(hits[MeanAblation.FIXED_VARIANTS + k], images);
        }
        return new AblationAccuracies(images, percent(hits[0], images), percent(hits[1], images),
                percent(hits[2], images), percent(hits[3], images), sweep);
    }

    /** A count of correct predictions as the original prints it: (correct / K) * 100. */
    static double percent(long correct, long images) {
        return images == 0 ? 0 : (double) correct / images * 100;
    }
}
