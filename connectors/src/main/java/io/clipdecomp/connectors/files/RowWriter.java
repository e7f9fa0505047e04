package io.clipdecomp.connectors.files;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes rows at given indices into a pre-sized array file of shape [rows, ...]: a row is the
 * row-major flattening of everything after the first dimension.
 */
public interface RowWriter extends Closeable {

    /** Writes a float32 row at {@code index}; its length must be the file's row length. */
    void writeRow(long index, float[] row) throws IOException;

    /** Writes an int64 row at {@code index}; its length must be the file's row length. */
    void writeRow(long index, long[] row) throws IOException;
}
