package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;

/**
 * Sees the internals of each residual block as the forward pass computes them.
 *
 * <p>The arrays belong to the block's temporary scope and are closed when the block returns: a tap that
 * keeps something must slice it and attach the slice to its own manager.
 */
public interface BlockTap {

    /**
     * The attention of layer {@code layer}, per head, before the output projection.
     *
     * @param probs attention probabilities [B, H, N(query), N(key)]
     * @param values value vectors including their bias [B, H, N, hw]
     * @param headOutputs probs @ values [B, H, N, hw]
     */
    void attention(int layer, NDArray probs, NDArray values, NDArray headOutputs);

    /** The MLP branch output of layer {@code layer} (c_proj bias included) [B, N, D]. */
    void mlp(int layer, NDArray output);
}
