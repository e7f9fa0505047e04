package io.clipdecomp.core.preprocess;

/**
 * Receives a decoded image one row at a time, top to bottom, so that what consumes it (a resize, a copy) need
 * not wait for, or hold, the whole image.
 */
@FunctionalInterface
public interface RowSink {
    /**
     * Row {@code y}: {@code width * bands} samples of the image's mode from {@code samples[offset]}; the array is
     * reused for the next row, so keep a copy if the row is needed later.
     */
    void row(int y, byte[] samples, int offset) throws ImageDecodeException;
}
