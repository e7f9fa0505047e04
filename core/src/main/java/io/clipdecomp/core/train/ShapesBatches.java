package io.clipdecomp.core.train;

import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.shapes.Scene;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneSpec;
import io.clipdecomp.core.text.ClipTokenizer;

/** An endless stream of (image, caption) training batches from the shapes world, scene i after scene i-1. */
final class ShapesBatches {
    private final long seed;
    private final ClipImagePreprocessor preprocessor;
    private final ClipTokenizer tokenizer;
    private long next;

    /** One batch: normalised pixels [B * 3 * S * S] and caption token ids [B][context]. */
    record Batch(float[] pixels, long[][] tokens) {
    }

    ShapesBatches(long seed, ClipImagePreprocessor preprocessor, ClipTokenizer tokenizer) {
        this.seed = seed;
        this.preprocessor = preprocessor;
        this.tokenizer = tokenizer;
    }

    Batch next(int batchSize) {
        int s = preprocessor.size();
        float[] pixels = new float[batchSize * 3 * s * s];
        long[][] tokens = new long[batchSize][];
        for (int i = 0; i < batchSize; i++) {
            Scene scene = SceneGenerator.render(seed, next++, s, SceneSpec.any());
            System.arraycopy(preprocessor.toPixels(scene.image(), ColourConversion.BEFORE_RESIZE), 0, pixels,
                    i * 3 * s * s, 3 * s * s);
            tokens[i] = tokenizer.encode(scene.caption());
        }
        return new Batch(pixels, tokens);
    }
}
