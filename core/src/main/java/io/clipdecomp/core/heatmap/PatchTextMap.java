package io.clipdecomp.core.heatmap;

import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.decompose.ImageDecomposition;

/**
 * demo.ipynb's raw map [P, T]: per image patch (row-major over the grid, class token excluded) the sum over all
 * layers and heads, or over one head, of the patch's term (as {@code decompose --spatial} gives it, already divided
 * by the embedding norm) dotted with each unit text embedding; before contrast, clipping or upsampling.
 *
 * @param grid patches per side
 * @param texts T
 * @param values [P, T], P = grid²
 */
public record PatchTextMap(int grid, int texts, float[] values) {

    public PatchTextMap {
        if ((long) grid * grid * texts != values.length) {
            throw new IllegalArgumentException("a " + grid + "x" + grid + " map of " + texts + " texts cannot hold "
                    + values.length + " values");
        }
    }

    /**
     * The map of {@code image}, decomposed with text directions (its per-token scores [L, N, H, T]), summed over
     * every layer and head, or only over {@code head} when it is not null.
     */
    public static PatchTextMap of(ImageDecomposition image, HeadIndex head) {
        float[] scores = image.patchScores();
        if (scores == null || image.texts() == 0) {
            throw new IllegalArgumentException("the decomposition has no per-token text scores; decompose with text "
                    + "directions");
        }
        int layers = image.layers();
        int heads = image.heads();
        int tokens = image.tokens();
        int t = image.texts();
        int patches = tokens - 1;
        int grid = (int) Math.round(Math.sqrt(patches));
        if (grid * grid != patches) {
            throw new IllegalArgumentException(patches + " image tokens do not form a square grid");
        }
        if (head != null && (head.layer() >= layers || head.head() >= heads)) {
            throw new IllegalArgumentException("head " + head + " is outside the model's " + layers + " layers of "
                    + heads + " heads");
        }
        double[] sums = new double[patches * t];
        for (int l = 0; l < layers; l++) {
            if (head != null && l != head.layer()) {
                continue;
            }
            for (int n = 1; n < tokens; n++) {
                for (int h = 0; h < heads; h++) {
                    if (head != null && h != head.head()) {
                        continue;
                    }
                    int o = ((l * tokens + n) * heads + h) * t;
                    int p = (n - 1) * t;
                    for (int k = 0; k < t; k++) {
                        sums[p + k] += scores[o + k];
                    }
                }
            }
        }
        float[] values = new float[sums.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) sums[i];
        }
        return new PatchTextMap(grid, t, values);
    }

    /** Text {@code k}'s scores per patch [P] (the image-vs-text map). */
    public double[] text(int k) {
        double[] out = new double[grid * grid];
        for (int p = 0; p < out.length; p++) {
            out[p] = values[p * texts + k];
        }
        return out;
    }

    /** Text {@code k}'s scores minus the mean of all texts' scores, per patch [P] (the text-vs-texts map). */
    public double[] contrast(int k) {
        double[] out = new double[grid * grid];
        for (int p = 0; p < out.length; p++) {
            double mean = 0;
            for (int j = 0; j < texts; j++) {
                mean += values[p * texts + j];
            }
            out[p] = values[p * texts + k] - mean / texts;
        }
        return out;
    }
}
