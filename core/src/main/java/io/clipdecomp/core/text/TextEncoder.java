package io.clipdecomp.core.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.model.ClipModel;
import java.util.Arrays;
import java.util.List;

/** Turns texts into CLIP text embeddings in batches, tokenising with the model's tokenizer. */
public final class TextEncoder {
    private final ClipModel model;
    private final ClipTokenizer tokenizer;

    public TextEncoder(ClipModel model, ClipTokenizer tokenizer) {
        if (tokenizer.contextLength() > model.config().text().contextLength()) {
            throw new IllegalArgumentException("tokenizer context " + tokenizer.contextLength()
                    + " exceeds the model's " + model.config().text().contextLength());
        }
        if (tokenizer.endId() >= model.config().text().vocabSize()) {
            throw new IllegalArgumentException("the tokenizer's end-of-text id " + tokenizer.endId()
                    + " is outside the model's vocabulary of " + model.config().text().vocabSize());
        }
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Un-normalised embeddings [texts][d], {@code batchSize} texts per forward pass. */
    public float[][] encode(List<String> texts, int batchSize) {
        int d = model.config().embedDim();
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += batchSize) {
            int end = Math.min(texts.size(), start + batchSize);
            long[][] ids = tokenizer.encode(texts.subList(start, end));
            try (NDManager batch = model.newBatchManager()) {
                NDArray embeddings = model.text().encode(batch, ids);
                float[] flat = embeddings.toFloatArray();
                for (int i = start; i < end; i++) {
                    out[i] = Arrays.copyOfRange(flat, (i - start) * d, (i - start + 1) * d);
                }
            }
        }
        return out;
    }

    /** L2-normalised embeddings [texts][d], as compute_text_set_projection.py stores them. */
    public float[][] encodeNormalized(List<String> texts, int batchSize) {
        float[][] rows = encode(texts, batchSize);
        for (float[] row : rows) {
            normalize(row);
        }
        return rows;
    }

    /** Scales a vector to unit L2 norm in place (computed in double); a zero vector is left as is. */
    public static void normalize(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        double n = Math.sqrt(s);
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / n);
            }
        }
    }
}
