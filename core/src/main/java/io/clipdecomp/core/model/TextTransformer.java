package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;

/**
 * The CLIP text tower: token and positional embeddings, causal blocks, ln_final, pooling at the
 * end-of-text position (the largest id, as OpenCLIP's argmax pooling), text projection.
 * Dimension letters: B texts, T tokens, D width.
 */
public final class TextTransformer {
    private final ClipWeights weights;
    private final TextConfig config;
    private final ResidualBlock[] blocks;

    TextTransformer(ClipWeights weights) {
        this.weights = weights;
        this.config = weights.config().text();
        this.blocks = new ResidualBlock[config.layers()];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = new ResidualBlock(weights, "transformer.resblocks." + l + ".", config.width(),
                    config.heads(), weights.config().quickGelu());
        }
    }

    public TextConfig config() {
        return config;
    }

    /**
     * Un-normalised text embeddings [B, d].
     *
     * <p>The causal mask makes positions after the last end-of-text token irrelevant, so the sequence is
     * cut there: a batch of short prompts costs a fraction of the full context.
     *
     * @param manager where the result and temporaries live (on the model's device)
     * @param tokenIds B rows of token ids, each at most the context length, zero-padded
     */
    public NDArray encode(NDManager manager, long[][] tokenIds) {
        int b = tokenIds.length;
        if (b == 0) {
            throw new IllegalArgumentException("no texts to encode");
        }
        int[] pool = new int[b];
        int used = 1;
        for (int i = 0; i < b; i++) {
            if (tokenIds[i].length > config.contextLength()) {
                throw new IllegalArgumentException("text " + i + " has " + tokenIds[i].length
                        + " tokens; the context length is " + config.contextLength());
            }
            pool[i] = argmax(tokenIds[i]);
            used = Math.max(used, pool[i] + 1);
        }
        long[] flat = new long[b * used];
        long[] poolRows = new long[b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(tokenIds[i], 0, flat, i * used, Math.min(used, tokenIds[i].length));
            poolRows[i] = (long) i * used + pool[i];
        }
        int d = config.width();
        NDArray ids = manager.create(flat).reshape(b, used);
        NDArray positions = weights.get("positional_embedding").get(manager, new NDIndex(":" + used));
        NDArray x = Embedding.embedding(ids, weights.get("token_embedding.weight"), SparseFormat.DENSE)
                .singletonOrThrow().add(positions); // [B, T, D]
        NDArray mask = causalMask(manager, used);
        for (int l = 0; l < blocks.length; l++) {
            x = blocks[l].forward(x, mask, l, null);
        }
        NDArray normed = LayerNorm.layerNorm(x, new Shape(d), weights.get("ln_final.weight"),
                weights.get("ln_final.bias"), ResidualBlock.LAYER_NORM_EPS).singletonOrThrow();
        NDArray pooled = normed.reshape((long) b * used, d).get(manager.create(poolRows)); // [B, D]
        return pooled.matMul(weights.get("text_projection"));
    }

    /** Index of the first largest id: OpenCLIP's {@code text.argmax(-1)}, the end-of-text position. */
    static int argmax(long[] ids) {
        int best = 0;
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] > ids[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Additive mask [T, T]: 0 on and below the diagonal, -inf above, so token t sees tokens 0..t. */
    private static NDArray causalMask(NDManager manager, int t) {
        float[] m = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                m[i * t + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(m, new Shape(t, t));
    }
}
