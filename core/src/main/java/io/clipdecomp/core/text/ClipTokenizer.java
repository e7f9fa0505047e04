package io.clipdecomp.core.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.clipdecomp.core.io.StrictJson;
import io.clipdecomp.core.io.WeightFileException;
import io.clipdecomp.core.model.ModelFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * CLIP tokenisation on a Hugging Face {@code tokenizer.json}: start and end tokens from the file's post
 * processor, cut to the context length keeping end-of-text last, padded with 0, as OpenCLIP's tokenize.
 */
public final class ClipTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int contextLength;
    private final long startId;
    private final long endId;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, int contextLength, long startId, long endId) {
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
        this.startId = startId;
        this.endId = endId;
    }

    /** The tokenizer of a model folder, at its text tower's context length. */
    public static ClipTokenizer forModel(ModelFolder folder) throws IOException {
        return load(folder.requireTokenizer(), folder.config().text().contextLength());
    }

    /**
     * Loads {@code tokenizer.json}; it must add a start and an end token around every text.
     *
     * @param contextLength tokens per sequence (77 for CLIP)
     * @throws WeightFileException naming the file when it is unreadable, not UTF-8 JSON, or not a usable tokenizer
     */
    public static ClipTokenizer load(Path file, int contextLength) throws IOException {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, got " + contextLength);
        }
        // the native library's syntax errors name neither the file nor the problem in our words
        StrictJson.readObject(file, "the Hugging Face tokenizer");
        HuggingFaceTokenizer hf;
        long[] empty;
        try {
            // truncation and padding are ours: CLIP cuts keeping end-of-text last, which HF truncation does not
            hf = HuggingFaceTokenizer.newInstance(file,
                    Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
        } catch (RuntimeException e) {
            throw new WeightFileException(file + " is not a tokenizer the Hugging Face tokenizers library can use ("
                    + e.getMessage() + "); it must be the model's own tokenizer.json");
        }
        try {
            empty = hf.encode("").getIds();
        } catch (RuntimeException e) {
            hf.close();
            throw new WeightFileException(file + ": the tokenizer fails on the empty text (" + e.getMessage() + ")");
        }
        if (empty.length != 2) {
            hf.close();
            throw new WeightFileException(file + ": the tokenizer must add exactly a start and an end token around "
                    + "each text (a post_processor such as TemplateProcessing); the empty text gave " + empty.length
                    + " tokens");
        }
        return new ClipTokenizer(hf, contextLength, empty[0], empty[1]);
    }

    /** One row of {@code contextLength} ids per text. */
    public long[][] encode(List<String> texts) {
        long[][] rows = new long[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = encode(texts.get(i));
        }
        return rows;
    }

    /** The ids of one text: start, tokens, end, zeros; over-long texts keep end-of-text as the last id. */
    public long[] encode(String text) {
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] row = new long[contextLength];
        int n = Math.min(ids.length, contextLength);
        System.arraycopy(ids, 0, row, 0, n);
        if (ids.length > contextLength) {
            row[contextLength - 1] = endId;
        }
        return row;
    }

    public int contextLength() {
        return contextLength;
    }

    /** Id of the start-of-text token. */
    public long startId() {
        return startId;
    }

    /** Id of the end-of-text token, where the text tower pools. */
    public long endId() {
        return endId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
