package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;

/** A {@link BlockTap} that also sees the image tower's ln_pre output and the pooled class token. */
public interface VisionTap extends BlockTap {

    /** Output of ln_pre, the residual stream entering block 0 [B, N, D]. */
    void lnPre(NDArray x);

    /** The class token entering ln_post [B, D]. */
    void pooled(NDArray z);
}
