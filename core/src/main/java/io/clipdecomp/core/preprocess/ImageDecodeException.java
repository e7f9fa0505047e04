package io.clipdecomp.core.preprocess;

import java.io.IOException;

/**
 * Thrown when encoded bytes cannot be turned into a {@link RasterImage}: empty, truncated, corrupt or of an
 * unsupported format. The message gives the reason only; callers add the record or file it came from.
 */
public class ImageDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageDecodeException(String reason) {
        super(reason);
    }

    public ImageDecodeException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
