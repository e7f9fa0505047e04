package io.clipdecomp.connectors.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RowWriterFactory} that keeps every created file in memory, checking rows against the file's shape
 * and element type as a real array file would; static so tests see what Flink tasks wrote.
 */
final class RecordingRowWriters implements RowWriterFactory {

    private static final long serialVersionUID = 1L;

    static final Map<Path, RecordedFile> FILES = new ConcurrentHashMap<>();

    @Override
    public RowWriter create(Path file, RowElementType type, long... shape) {
        RecordedFile f = new RecordedFile(type, shape.clone());
        FILES.put(file, f);
        return f;
    }

    /** One created file: its type, shape and the rows written, by index. */
    static final class RecordedFile implements RowWriter {
        final RowElementType type;
        final long[] shape;
        final Map<Long, float[]> floatRows = new ConcurrentHashMap<>();
        final Map<Long, long[]> longRows = new ConcurrentHashMap<>();
        volatile boolean closed;

        RecordedFile(RowElementType type, long[] shape) {
            this.type = type;
            this.shape = shape;
        }

        @Override
        public void writeRow(long index, float[] row) throws IOException {
            check(index, row.length, RowElementType.FLOAT32);
            floatRows.put(index, row.clone());
        }

        @Override
        public void writeRow(long index, long[] row) throws IOException {
            check(index, row.length, RowElementType.INT64);
            longRows.put(index, row.clone());
        }

        @Override
        public void close() {
            closed = true;
        }

        private void check(long index, int length, RowElementType written) throws IOException {
            if (closed || written != type || index < 0 || index >= shape[0] || length != rowLength()) {
                throw new IOException("bad row write: index " + index + ", length " + length + ", " + written
                        + " into " + type + " " + Arrays.toString(shape) + (closed ? " (closed)" : ""));
            }
        }

        private long rowLength() {
            long n = 1;
            for (int i = 1; i < shape.length; i++) {
                n *= shape[i];
            }
            return n;
        }
    }
}
