package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * One pre-LayerNorm transformer block as OpenCLIP builds it: {@code x + attn(ln_1(x))}, then
 * {@code x + mlp(ln_2(x))}, with attention computed per head from {@code in_proj_weight}.
 *
 * <p>Dimension letters: B batch, N tokens, D width, H heads, hw head width.
 */
final class ResidualBlock {
    static final float LAYER_NORM_EPS = 1e-5f;

    private final ClipWeights weights;
    private final String prefix;
    private final int width;
    private final int heads;
    private final int headWidth;
    private final boolean quickGelu;
    private final float scale;

    ResidualBlock(ClipWeights weights, String prefix, int width, int heads, boolean quickGelu) {
        this.weights = weights;
        this.prefix = prefix;
        this.width = width;
        this.heads = heads;
        this.headWidth = width / heads;
        this.quickGelu = quickGelu;
        this.scale = (float) (1.0 / Math.sqrt(headWidth));
    }

    /**
     * Runs the block on x [B, N, D]; the result lives in x's manager, temporaries are freed on return.
     *
     * @param mask additive attention mask [N, N] or null
     * @param tap observer of the attention and MLP internals, or null
     */
    NDArray forward(NDArray x, NDArray mask, int layer, BlockTap tap) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            x.tempAttach(scope);
            long b = x.getShape().get(0);
            long n = x.getShape().get(1);
            NDArray h = layerNorm(x, "ln_1");
            NDArray qkv = Linear.linear(h, w("attn.in_proj_weight"), w("attn.in_proj_bias")).singletonOrThrow()
                    .reshape(b, n, 3, heads, headWidth)
                    .transpose(2, 0, 3, 1, 4); // [3, B, H, N, hw]
            NDArray q = qkv.get(0).mul(GraphScalar.of(scope, scale));
            NDArray k = qkv.get(1);
            NDArray v = qkv.get(2);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [B, H, N, N]
            if (mask != null) {
                scores = scores.add(mask);
            }
            NDArray probs = scores.softmax(-1);
            NDArray headOutputs = probs.matMul(v); // [B, H, N, hw]
            if (tap != null) {
                tap.attention(layer, probs, v, headOutputs);
            }
            NDArray merged = headOutputs.transpose(0, 2, 1, 3).reshape(b, n, width); // head-major columns
            NDArray attn = Linear.linear(merged, w("attn.out_proj.weight"), w("attn.out_proj.bias"))
                    .singletonOrThrow();
            NDArray afterAttn = x.add(attn);
            NDArray hidden = Linear.linear(layerNorm(afterAttn, "ln_2"), w("mlp.c_fc.weight"), w("mlp.c_fc.bias"))
                    .singletonOrThrow();
            NDArray activated = quickGelu
                    ? hidden.mul(Activation.sigmoid(hidden.mul(GraphScalar.of(scope, 1.702f))))
                    : Activation.gelu(hidden);
            NDArray mlp = Linear.linear(activated, w("mlp.c_proj.weight"), w("mlp.c_proj.bias")).singletonOrThrow();
            if (tap != null) {
                tap.mlp(layer, mlp);
            }
            NDArray out = afterAttn.add(mlp);
            out.attach(owner);
            return out;
        }
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(width), w(name + ".weight"), w(name + ".bias"), LAYER_NORM_EPS)
                .singletonOrThrow();
    }

    private NDArray w(String name) {
        return weights.get(prefix + name);
    }
}
