package io.clipdecomp.core.io;

import java.io.IOException;

/**
 * A model file (weights, shard index, config or tokenizer) that is missing, malformed or inconsistent. The message
 * names the file (and the key) and says what is wrong in full, so callers print it as it is.
 */
public class WeightFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public WeightFileException(String message) {
        super(message);
    }

    public WeightFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
