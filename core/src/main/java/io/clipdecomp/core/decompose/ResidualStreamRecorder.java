package io.clipdecomp.core.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.model.VisionTap;

/**
 * Keeps, from one forward pass, the class-token rows the decomposition needs, attached to the batch's
 * manager so they outlive each block's temporaries.
 */
final class ResidualStreamRecorder implements VisionTap {
    private final NDManager manager;
    private final boolean perToken;
    final NDArray[] headOutputs;
    final NDArray[] selfAttention;
    final NDArray[] probs;
    final NDArray[] values;
    final NDArray[] mlps;
    NDArray lnPre;
    NDArray pooled;

    /**
     * @param perToken keep the class-token attention row and all values, for per-token terms
     */
    ResidualStreamRecorder(NDManager manager, int layers, boolean perToken) {
        this.manager = manager;
        this.perToken = perToken;
        this.headOutputs = new NDArray[layers];
        this.selfAttention = new NDArray[layers];
        this.probs = new NDArray[layers];
        this.values = new NDArray[layers];
        this.mlps = new NDArray[layers];
    }

    @Override
    public void lnPre(NDArray x) {
        lnPre = keep(x.get(":, 0, :"));
    }

    @Override
    public void attention(int layer, NDArray p, NDArray v, NDArray outputs) {
        headOutputs[layer] = keep(outputs.get(":, :, 0, :")); // [B, H, hw]
        // class token attending to itself: A[0, 0] * v_0, per head [B, H, hw]
        selfAttention[layer] = keep(p.get(":, :, 0, 0:1").mul(v.get(":, :, 0, :")));
        if (perToken) {
            probs[layer] = keep(p.get(":, :, 0, :")); // [B, H, N]
            values[layer] = keep(v.duplicate()); // [B, H, N, hw]
        }
    }

    @Override
    public void mlp(int layer, NDArray output) {
        mlps[layer] = keep(output.get(":, 0, :"));
    }

    @Override
    public void pooled(NDArray z) {
        pooled = z;
    }

    private NDArray keep(NDArray a) {
        a.attach(manager);
        return a;
    }
}
