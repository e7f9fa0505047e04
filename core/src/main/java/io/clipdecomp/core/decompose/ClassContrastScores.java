package io.clipdecomp.core.decompose;

/**
 * One image's per-token terms scored against its predicted class minus the mean over all classes (spec §9).
 *
 * @param predictedClass the class whose score the un-normalised embedding maximises
 * @param layers L
 * @param tokens N (class token first)
 * @param heads H
 * @param scores [L, N, H] row-major: term (l, n, h) dotted with {@code w_ĉ - mean_c w_c}
 */
public record ClassContrastScores(int predictedClass, int layers, int tokens, int heads, float[] scores) {
    public ClassContrastScores {
        if (scores.length != layers * tokens * heads) {
            throw new IllegalArgumentException("expected " + layers * tokens * heads + " scores for [" + layers + ", "
                    + tokens + ", " + heads + "], got " + scores.length);
        }
    }

    /** The score of term (layer, token, head). */
    public float score(int layer, int token, int head) {
        return scores[(layer * tokens + token) * heads + head];
    }
}
