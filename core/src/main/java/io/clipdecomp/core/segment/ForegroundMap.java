package io.clipdecomp.core.segment;

/**
 * One image's relevance map Res and its foreground prediction, steps 4 to 8 of the original protocol (spec §9):
 * the patch map upsampled bilinearly by the patch size, clipped at 0, min-max normalised, thresholded at its mean.
 *
 * <p>Float32 throughout, as the original. A flat map (max = min) gives NaN everywhere; like the original, NaN counts
 * as background in the prediction and as 0 in both AP score channels.
 */
public final class ForegroundMap {
    private final int size;
    private final float[] relevance;
    private final boolean[] foreground;
    private final float[] backgroundScores;

    private ForegroundMap(int size, float[] relevance, boolean[] foreground, float[] backgroundScores) {
        this.size = size;
        this.relevance = relevance;
        this.foreground = foreground;
        this.backgroundScores = backgroundScores;
    }

    /**
     * The map of a [grid, grid] patch map (row-major, class token excluded) for an input of {@code grid * patch}
     * pixels a side.
     */
    public static ForegroundMap of(float[] patchMap, int grid, int patch) {
        float[] res = BilinearUpsample.byFactor(patchMap, grid, grid, patch);
        int n = res.length;
        for (int i = 0; i < n; i++) {
            res[i] = Math.max(res[i], 0f); // torch.clip(Res, 0, Res.max()); NaN stays NaN
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (float v : res) {
            nan |= Float.isNaN(v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (nan) { // torch's min and max propagate NaN
            min = Float.NaN;
            max = Float.NaN;
        }
        float range = max - min;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            res[i] = (res[i] - min) / range;
            sum += res[i];
        }
        float mean = (float) (sum / n); // NaN if any value is
        boolean[] fg = new boolean[n];
        float[] bg = new float[n];
        for (int i = 0; i < n; i++) {
            fg[i] = res[i] > mean; // Res.gt(mean): false for NaN
            float b = 1f - res[i];
            bg[i] = Float.isNaN(b) ? 0f : b;
            if (Float.isNaN(res[i])) {
                res[i] = 0f;
            }
        }
        return new ForegroundMap(grid * patch, res, fg, bg);
    }

    /** Side of the square map in pixels. */
    public int size() {
        return size;
    }

    /** Res in [0, 1], row-major, NaN replaced by 0: the foreground channel's AP scores. Not a copy. */
    public float[] relevance() {
        return relevance;
    }

    /** 1 - Res, NaN replaced by 0: the background channel's AP scores. Not a copy. */
    public float[] backgroundScores() {
        return backgroundScores;
    }

    /** Whether pixel i (row-major) is predicted foreground: Res above its mean. Not a copy. */
    public boolean[] foreground() {
        return foreground;
    }
}
