package io.clipdecomp.core.io;

import java.io.IOException;

/** A weight file or shard index that is missing, malformed or inconsistent; the message names file and key. */
public class WeightFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public WeightFileException(String message) {
        super(message);
    }

    public WeightFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
