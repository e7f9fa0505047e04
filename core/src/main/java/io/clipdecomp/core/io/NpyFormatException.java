package io.clipdecomp.core.io;

import java.io.IOException;

/** A .npy file that cannot be read as we expect: bad magic, bad header, unsupported dtype, truncated data. */
public class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }
}
