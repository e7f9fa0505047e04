package io.clipdecomp.core.decompose;

/**
 * What to compute beyond the per-head, MLP and class-token terms, which are always computed.
 *
 * @param spatial also the per-token terms [L, N, H, d] (memory heavy: about 58 MB per image for ViT-B-16)
 * @param textDirections unit text embeddings [T][d] to score every (layer, token, head) term against, or null;
 *     this costs little on top of the forward pass, unlike {@code spatial}
 * @param contrastClasses class directions [C][d] (a zero-shot classifier's columns) to score every term against its
 *     image's predicted class minus the mean over classes (the segmentation protocol), or null
 */
public record DecompositionOptions(boolean spatial, float[][] textDirections, float[][] contrastClasses) {
    /** Per-head, MLP and class-token terms only. */
    public static final DecompositionOptions HEADS = new DecompositionOptions(false, null);
    /** Also per-token terms. */
    public static final DecompositionOptions SPATIAL = new DecompositionOptions(true, null);

    /** Without class contrast. */
    public DecompositionOptions(boolean spatial, float[][] textDirections) {
        this(spatial, textDirections, null);
    }

    /** Number of text directions T. */
    public int textCount() {
        return textDirections == null ? 0 : textDirections.length;
    }
}
