package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;

/**
 * The CLIP image tower: patch convolution, class token, positional embedding, ln_pre, L blocks, ln_post on
 * the class token, projection. Dimension letters: B batch, S image side, G grid, N = 1 + G² tokens, D width.
 */
public final class VisionTransformer {
    private final ClipWeights weights;
    private final VisionConfig config;
    private final ResidualBlock[] blocks;

    VisionTransformer(ClipWeights weights) {
        this.weights = weights;
        this.config = weights.config().vision();
        this.blocks = new ResidualBlock[config.layers()];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = new ResidualBlock(weights, "visual.transformer.resblocks." + l + ".", config.width(),
                    config.heads(), weights.config().quickGelu());
        }
    }

    public VisionConfig config() {
        return config;
    }

    /** Un-normalised image embeddings [B, d] of normalised pixels [B, 3, S, S]. */
    public NDArray encode(NDArray pixels) {
        return encode(pixels, null);
    }

    /**
     * Un-normalised image embeddings [B, d], showing the internals to {@code tap} (may be null).
     *
     * @param pixels normalised pixels [B, 3, S, S] in the model's manager or any manager on its device
     */
    public NDArray encode(NDArray pixels, VisionTap tap) {
        Shape shape = pixels.getShape();
        int s = config.imageSize();
        if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(2) != s || shape.get(3) != s) {
            throw new IllegalArgumentException("pixels must be [B, 3, " + s + ", " + s + "], got " + shape);
        }
        long b = shape.get(0);
        int d = config.width();
        int p = config.patchSize();
        NDArray patches = Conv2d.conv2d(pixels, weights.get("visual.conv1.weight"), null, new Shape(p, p))
                .singletonOrThrow(); // [B, D, G, G]
        NDArray tokens = patches.reshape(b, d, (long) config.grid() * config.grid()).transpose(0, 2, 1); // [B, P, D]
        // built from the batch's own arrays so nothing lands in (and leaks into) the weights' manager
        NDArray cls = tokens.get(":, :1, :").zerosLike().add(weights.get("visual.class_embedding"));
        NDArray x = cls.concat(tokens, 1).add(weights.get("visual.positional_embedding"));
        x = layerNorm(x, "visual.ln_pre");
        if (tap != null) {
            tap.lnPre(x);
        }
        for (int l = 0; l < blocks.length; l++) {
            x = blocks[l].forward(x, null, l, tap);
        }
        NDArray pooled = x.get(":, 0, :"); // [B, D]
        if (tap != null) {
            tap.pooled(pooled);
        }
        return layerNorm(pooled, "visual.ln_post").matMul(weights.get("visual.proj"));
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(config.width()), weights.get(name + ".weight"),
                weights.get(name + ".bias"), ResidualBlock.LAYER_NORM_EPS).singletonOrThrow();
    }
}
