package io.clipdecomp.connectors.files;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Creates (replacing any existing file) an array file of the given element type and shape, ready for
 * {@link RowWriter#writeRow} at any row; serializable because Flink ships it to the sink's task.
 */
@FunctionalInterface
public interface RowWriterFactory extends Serializable {

    /** A new file at {@code file} of {@code shape}, all zeros until rows are written. */
    RowWriter create(Path file, RowElementType type, long... shape) throws IOException;
}
