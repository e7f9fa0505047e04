package io.clipdecomp.core.decompose;

/**
 * The direct contributions to one image's CLIP embedding, each already through ln_post and the
 * projection and divided by the embedding's norm, so that all heads and MLP terms sum to the unit embedding.
 *
 * <p>Flat row-major arrays; L layers, H heads, N tokens (class token first), d embedding dims, T texts.
 *
 * @param layers L
 * @param heads H
 * @param tokens N
 * @param dim d
 * @param embedding the un-normalised image embedding [d]
 * @param embeddingNorm its L2 norm
 * @param headTerms per-head contributions summed over tokens [L, H, d]
 * @param mlpTerms [L+1, d]: index 0 the class-token input (after ln_pre), index l+1 the MLP of layer l
 * @param clsAttn the class token's attention to itself, summed over heads [L, d]
 * @param spatial per-token contributions [L, N, H, d], or null when not requested
 * @param patchScores per-token contributions dotted with each given text direction [L, N, H, T], or null
 * @param texts T, 0 without text directions
 * @param classContrast every term scored against the predicted class minus the mean over classes, or null
 */
public record ImageDecomposition(int layers, int heads, int tokens, int dim, float[] embedding, float embeddingNorm,
                                 float[] headTerms, float[] mlpTerms, float[] clsAttn, float[] spatial,
                                 float[] patchScores, int texts, ClassContrastScores classContrast) {
}
