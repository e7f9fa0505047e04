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

    /**
     * Whether RGB rows may come through {@link #packedRgbRow} instead, in the form a horizontal resize sums them:
     * a decoder that makes RGB from something else (YCbCr) saves writing and unpacking bytes.
     */
    default boolean takesPackedRgb() {
        return false;
    }

    /**
     * RGB row {@code y}, pixel x as {@code redBlue[x] = red | (long) blue << 32} and {@code green[x]}; only the
     * columns of the sink's window are set. Arrays are reused for the next row.
     */
    default void packedRgbRow(int y, long[] redBlue, int[] green) throws ImageDecodeException {
        throw new UnsupportedOperationException("this sink takes byte rows");
    }
}
