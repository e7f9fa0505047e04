package io.clipdecomp.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Writes a .npy file (format 1.0, little-endian, C order) of float32 or int64, one row (index along the first
 * axis) at a time, byte for byte as numpy's {@code np.save} would.
 *
 * <p>Rows can be written in order ({@link #writeRow(float[])}) or at any index ({@link #writeRow(long, float[])}),
 * possibly from several threads: each row goes straight to its place in the file, so memory does not grow with
 * the file. {@link #close()} fails if any row was never written.
 */
public final class NpyWriter implements Closeable {
    private final Path file;
    private final NpyDtype dtype;
    private long[] shape;
    private int rows;
    private final int rowLength;
    private final long dataOffset;
    private final FileChannel channel;
    private final BitSet written;
    private int nextRow;
    private boolean closed;

    private NpyWriter(Path file, NpyDtype dtype, long[] shape, int rows, int rowLength, FileChannel channel,
            long dataOffset) {
        this.file = file;
        this.dtype = dtype;
        this.shape = shape;
        this.rows = rows;
        this.rowLength = rowLength;
        this.channel = channel;
        this.dataOffset = dataOffset;
        this.written = new BitSet(rows);
    }

    /**
     * Creates (or replaces) {@code file} for an array of the given shape and writes its header. The file is
     * written in place: a caller that must not lose an earlier file stages the new one elsewhere
     * (see {@link StagedOutputs}).
     *
     * @param dtype {@link NpyDtype#FLOAT32} or {@link NpyDtype#INT64}
     * @param shape at least one axis; the first axis counts the rows
     */
    public static NpyWriter create(Path file, NpyDtype dtype, long... shape) throws IOException {
        if (dtype != NpyDtype.FLOAT32 && dtype != NpyDtype.INT64) {
            throw new IllegalArgumentException("NpyWriter writes <f4 or <i8, not " + dtype.descr() + " (" + file + ")");
        }
        if (shape.length == 0) {
            throw new IllegalArgumentException("shape of " + file + " needs at least one axis (the rows)");
        }
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + file
                        + " has a negative dimension");
            }
        }
        if (shape[0] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + file
                    + " has more than " + Integer.MAX_VALUE + " rows");
        }
        long rowLength;
        try {
            rowLength = NpyHeader.elementCount(Arrays.copyOfRange(shape, 1, shape.length));
            // Only checks that the data's byte count fits in a long (file positions are longs).
            Math.multiplyExact(Math.multiplyExact(rowLength, shape[0]), (long) dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + file + " is too large");
        }
        if (rowLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows of shape " + Arrays.toString(shape) + " of " + file
                    + " have more than " + Integer.MAX_VALUE + " elements");
        }
        byte[] header = NpyHeader.encode(dtype, shape);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ChannelIo.writeFully(channel, ByteBuffer.wrap(header), 0);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new NpyWriter(file, dtype, shape.clone(), (int) shape[0], (int) rowLength, channel, header.length);
    }

    /**
     * Writes a whole float32 array of the given shape to {@code file}, under a temporary name first: an earlier
     * file of that name is replaced only by a complete one.
     */
    public static void write(Path file, float[] data, long... shape) throws IOException {
        checkTotal(file, shape, data.length);
        Path temporary = FileReplacement.temporaryFor(file);
        try {
            try (NpyWriter writer = create(temporary, NpyDtype.FLOAT32, shape)) {
                for (int row = 0; row < writer.rows; row++) {
                    writer.writeRow(row, data, row * writer.rowLength);
                }
            }
            FileReplacement.moveIntoPlace(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes equally long float rows as one [rows, length] file, replacing it only once complete. */
    public static void writeRows(Path file, float[][] rows) throws IOException {
        int length = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != length) {
                throw new IllegalArgumentException("row " + i + " of " + file + " has " + rows[i].length
                        + " values, row 0 has " + length);
            }
            System.arraycopy(rows[i], 0, flat, i * length, length);
        }
        write(file, flat, rows.length, length);
    }

    /** Writes a whole int64 array of the given shape to {@code file}, replacing an earlier one only when complete. */
    public static void write(Path file, long[] data, long... shape) throws IOException {
        checkTotal(file, shape, data.length);
        Path temporary = FileReplacement.temporaryFor(file);
        try {
            try (NpyWriter writer = create(temporary, NpyDtype.INT64, shape)) {
                for (int row = 0; row < writer.rows; row++) {
                    writer.writeRow(row, data, row * writer.rowLength);
                }
            }
            FileReplacement.moveIntoPlace(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public Path file() {
        return file;
    }

    public NpyDtype dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Length of the first axis. */
    public int rows() {
        return rows;
    }

    /** Elements per row: the product of all axes but the first. */
    public int rowLength() {
        return rowLength;
    }

    /** Writes the row after the last one written by this method (the first call writes row 0). */
    public void writeRow(float[] row) throws IOException {
        checkDtype(NpyDtype.FLOAT32);
        checkRowLength(row.length);
        writeRow(nextSequentialRow(), row, 0);
    }

    /** Writes the row after the last one written by this method (the first call writes row 0). */
    public void writeRow(long[] row) throws IOException {
        checkDtype(NpyDtype.INT64);
        checkRowLength(row.length);
        writeRow(nextSequentialRow(), row, 0);
    }

    /** Writes row {@code index}; rewriting a row replaces it. */
    public void writeRow(long index, float[] row) throws IOException {
        checkDtype(NpyDtype.FLOAT32);
        checkRowLength(row.length);
        writeRow(index, row, 0);
    }

    /** Writes row {@code index}; rewriting a row replaces it. */
    public void writeRow(long index, long[] row) throws IOException {
        checkDtype(NpyDtype.INT64);
        checkRowLength(row.length);
        writeRow(index, row, 0);
    }

    /** Writes row {@code index} from {@code rowLength()} elements of {@code source} starting at {@code offset}. */
    public void writeRow(long index, float[] source, int offset) throws IOException {
        checkDtype(NpyDtype.FLOAT32);
        checkSlice(source.length, offset);
        int row = checkIndex(index);
        ChannelIo.writeElements(channel, rowPosition(row), rowLength, 4,
                (chunk, at, n) -> chunk.asFloatBuffer().put(source, offset + at, n));
        markWritten(row);
    }

    /** Writes row {@code index} from {@code rowLength()} elements of {@code source} starting at {@code offset}. */
    public void writeRow(long index, long[] source, int offset) throws IOException {
        checkDtype(NpyDtype.INT64);
        checkSlice(source.length, offset);
        int row = checkIndex(index);
        ChannelIo.writeElements(channel, rowPosition(row), rowLength, 8,
                (chunk, at, n) -> chunk.asLongBuffer().put(source, offset + at, n));
        markWritten(row);
    }

    /** Copies row {@code from} over row {@code to} (which counts as written from then on). */
    public void moveRow(long from, long to) throws IOException {
        int src = checkIndex(from);
        int dst = checkIndex(to);
        ByteBuffer row = ByteBuffer.allocate(Math.toIntExact((long) rowLength * dtype.itemSize()));
        ChannelIo.readFully(channel, file, row, rowPosition(src));
        row.flip();
        ChannelIo.writeFully(channel, row, rowPosition(dst));
        markWritten(dst);
    }

    /**
     * Ends the array after its first {@code newRows} rows: rewrites the header's first axis (numpy's header
     * leaves room for it to change without moving the data) and cuts the file there. Used when some inputs
     * turned out unusable and the rows were written compactly.
     */
    public synchronized void truncateRows(long newRows) throws IOException {
        checkOpen();
        if (newRows < 0 || newRows > rows) {
            throw new IllegalArgumentException("cannot truncate " + file + " from " + rows + " to " + newRows + " rows");
        }
        long[] newShape = shape.clone();
        newShape[0] = newRows;
        byte[] header = NpyHeader.encode(dtype, newShape);
        if (header.length != dataOffset) {
            throw new IllegalStateException("the header of " + file + " changed length; cannot truncate in place");
        }
        ChannelIo.writeFully(channel, ByteBuffer.wrap(header), 0);
        channel.truncate(rowPosition((int) newRows));
        shape = newShape;
        rows = (int) newRows;
        written.clear((int) newRows, written.size());
    }

    /**
     * Closes the file; throws if some row was never written (the file is then left incomplete on disk).
     * Calling it again does nothing.
     */
    @Override
    public void close() throws IOException {
        int missing;
        int count;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            count = written.cardinality();
            missing = written.nextClearBit(0);
        }
        channel.close();
        if (count < rows) {
            throw new IOException("incomplete .npy file " + file + ": " + count + " of " + rows
                    + " rows were written; row " + missing + " is missing");
        }
    }

    private synchronized long nextSequentialRow() {
        checkOpen();
        if (nextRow >= rows) {
            throw new IllegalStateException("all " + rows + " rows of " + file + " were already written in order");
        }
        return nextRow++;
    }

    private synchronized void markWritten(int row) {
        written.set(row);
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException(file + " is already closed");
        }
    }

    private long rowPosition(int row) {
        return dataOffset + (long) row * rowLength * dtype.itemSize();
    }

    private int checkIndex(long index) {
        checkOpen();
        if (index < 0 || index >= rows) {
            throw new IndexOutOfBoundsException("row " + index + " is outside 0.." + (rows - 1) + " of " + file);
        }
        return (int) index;
    }

    private void checkDtype(NpyDtype given) {
        if (given != dtype) {
            throw new IllegalArgumentException(file + " holds " + dtype.descr() + ", cannot write "
                    + given.descr() + " rows to it");
        }
    }

    private void checkRowLength(int length) {
        if (length != rowLength) {
            throw new IllegalArgumentException("a row of " + file + " (shape " + Arrays.toString(shape) + ") has "
                    + rowLength + " elements, got " + length);
        }
    }

    private void checkSlice(int sourceLength, int offset) {
        if (offset < 0 || (long) offset + rowLength > sourceLength) {
            throw new IndexOutOfBoundsException("a row of " + rowLength + " elements from offset " + offset
                    + " does not fit in an array of " + sourceLength + " (" + file + ")");
        }
    }

    private static void checkTotal(Path file, long[] shape, int length) {
        long needed;
        try {
            needed = NpyHeader.elementCount(shape);
        } catch (ArithmeticException e) {
            needed = -1;
        }
        if (needed != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + file
                    + " does not match the " + length + " elements given");
        }
    }
}
