package io.clipdecomp.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a .npy file (format 1.0, 2.0 or 3.0; {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8}; C order):
 * whole, or one row (index along the first axis) at a time without loading the rest, for files of any size.
 *
 * <p>Floating types are read as float[] ({@code <f8} narrowed), integer types as long[] ({@code <i4} widened).
 * Reads are positional, so one reader may serve several threads.
 */
public final class NpyReader implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final NpyHeader header;
    private final long rowLength;

    private NpyReader(Path file, FileChannel channel, NpyHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        long[] shape = header.shape();
        this.rowLength = shape.length == 0 ? 1 : NpyHeader.elementCount(Arrays.copyOfRange(shape, 1,
                shape.length));
    }

    /** Opens {@code file} and checks its header and that all its data is present. */
    public static NpyReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new NpyReader(file, channel, NpyHeader.read(channel, file));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The element type stored in the file. */
    public NpyDtype dtype() {
        return header.dtype();
    }

    public long[] shape() {
        return header.shape();
    }

    /** Total number of elements. */
    public long elementCount() {
        return header.elementCount();
    }

    /** Length of the first axis. */
    public long rows() {
        requireRows();
        return header.shape()[0];
    }

    /** Elements per row: the product of all axes but the first. */
    public long rowLength() {
        return rowLength;
    }

    /** Row {@code index} of a floating-point array. */
    public float[] readFloatRow(long index) throws IOException {
        checkRow(index);
        return readFloats(index * rowLength, rowLength);
    }

    /** Rows {@code first .. first + count - 1} of a floating-point array, one after the other. */
    public float[] readFloatRows(long first, int count) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("cannot read " + count + " rows of " + file);
        }
        if (count == 0) {
            return new float[0];
        }
        checkRow(first);
        checkRow(first + count - 1);
        return readFloats(first * rowLength, count * rowLength);
    }

    /** Row {@code index} of an integer array. */
    public long[] readLongRow(long index) throws IOException {
        checkRow(index);
        return readLongs(index * rowLength, rowLength);
    }

    /** The whole floating-point array, flattened in C order. */
    public float[] readFloats() throws IOException {
        return readFloats(0, header.elementCount());
    }

    /** The whole integer array, flattened in C order. */
    public long[] readLongs() throws IOException {
        return readLongs(0, header.elementCount());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private float[] readFloats(long first, long count) throws IOException {
        NpyDtype dtype = header.dtype();
        if (!dtype.isFloating()) {
            throw new IllegalStateException(file + " holds integers (" + dtype.descr() + "); read it as longs");
        }
        float[] out = new float[checkedLength(count)];
        long position = header.dataOffset() + first * dtype.itemSize();
        if (dtype == NpyDtype.FLOAT32) {
            ChannelIo.readElements(channel, file, position, out.length, 4,
                    (chunk, at, n) -> chunk.asFloatBuffer().get(out, at, n));
        } else {
            ChannelIo.readElements(channel, file, position, out.length, 8, (chunk, at, n) -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = (float) chunk.getDouble();
                }
            });
        }
        return out;
    }

    private long[] readLongs(long first, long count) throws IOException {
        NpyDtype dtype = header.dtype();
        if (dtype.isFloating()) {
            throw new IllegalStateException(file + " holds floats (" + dtype.descr() + "); read it as floats");
        }
        long[] out = new long[checkedLength(count)];
        long position = header.dataOffset() + first * dtype.itemSize();
        if (dtype == NpyDtype.INT64) {
            ChannelIo.readElements(channel, file, position, out.length, 8,
                    (chunk, at, n) -> chunk.asLongBuffer().get(out, at, n));
        } else {
            ChannelIo.readElements(channel, file, position, out.length, 4, (chunk, at, n) -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = chunk.getInt();
                }
            });
        }
        return out;
    }

    private int checkedLength(long count) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("cannot load " + count + " elements of " + file
                    + " into one Java array; read it row by row");
        }
        return (int) count;
    }

    private void checkRow(long index) {
        long rows = rows();
        if (index < 0 || index >= rows) {
            throw new IndexOutOfBoundsException("row " + index + " is outside 0.." + (rows - 1) + " of " + file);
        }
    }

    private void requireRows() {
        if (header.shape().length == 0) {
            throw new IllegalStateException(file + " holds a 0-d array, which has no rows");
        }
    }
}
