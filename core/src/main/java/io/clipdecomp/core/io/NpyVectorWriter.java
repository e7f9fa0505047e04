package io.clipdecomp.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a one-axis float64 .npy file value by value when its length is not known in advance (e.g. the points of a
 * precision-recall curve): the header's length is fixed in place when the file is closed, which numpy's header
 * leaves room for. Memory stays bounded whatever the length.
 */
public final class NpyVectorWriter implements Closeable {
    private static final int BUFFERED_VALUES = ChannelIo.CHUNK_BYTES / Double.BYTES;

    private final Path file;
    private final FileChannel channel;
    private final int headerLength;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFERED_VALUES * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long count;
    private boolean closed;

    private NpyVectorWriter(Path file, FileChannel channel, int headerLength) {
        this.file = file;
        this.channel = channel;
        this.headerLength = headerLength;
    }

    /** Creates (or replaces) {@code file}, holding no values yet. */
    public static NpyVectorWriter create(Path file) throws IOException {
        byte[] header = NpyHeader.encode(NpyDtype.FLOAT64, new long[] {0});
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ChannelIo.writeFully(channel, ByteBuffer.wrap(header), 0);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new NpyVectorWriter(file, channel, header.length);
    }

    /** Appends one value. */
    public void append(double value) throws IOException {
        if (closed) {
            throw new IllegalStateException(file + " is already closed");
        }
        if (!buffer.hasRemaining()) {
            flush();
        }
        buffer.putDouble(value);
        count++;
    }

    /** Number of values appended so far. */
    public long count() {
        return count;
    }

    private void flush() throws IOException {
        buffer.flip();
        ChannelIo.writeFully(channel, buffer, headerLength + (count - buffer.remaining() / Double.BYTES) * Double.BYTES);
        buffer.clear();
    }

    /** Writes what is buffered and the final length into the header. Calling it again does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            flush();
            byte[] header = NpyHeader.encode(NpyDtype.FLOAT64, new long[] {count});
            if (header.length != headerLength) {
                throw new IllegalStateException("the header of " + file + " changed length; cannot fix it in place");
            }
            ChannelIo.writeFully(channel, ByteBuffer.wrap(header), 0);
        }
    }
}
