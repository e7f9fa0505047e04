package io.clipdecomp.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional, chunked little-endian reads and writes, so memory stays bounded whatever the file size. */
final class ChannelIo {
    /** Bytes moved per system call; large enough to be fast, small enough to be a negligible extra copy. */
    static final int CHUNK_BYTES = 1 << 20;

    /** Turns {@code count} elements at the chunk's position into destination elements from {@code offset}. */
    @FunctionalInterface
    interface ChunkDecoder {
        void decode(ByteBuffer chunk, int offset, int count);
    }

    /** Puts {@code count} source elements from {@code offset} into the chunk. */
    @FunctionalInterface
    interface ChunkEncoder {
        void encode(ByteBuffer chunk, int offset, int count);
    }

    private ChannelIo() {
    }

    /** Reads {@code count} elements of {@code itemSize} bytes starting at byte {@code position}. */
    static void readElements(FileChannel channel, Path file, long position, int count, int itemSize,
            ChunkDecoder decoder) throws IOException {
        int perChunk = Math.max(1, CHUNK_BYTES / itemSize);
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(count, perChunk) * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int n = Math.min(perChunk, count - done);
            chunk.clear().limit(n * itemSize);
            readFully(channel, file, chunk, position + (long) done * itemSize);
            chunk.flip();
            decoder.decode(chunk, done, n);
            done += n;
        }
    }

    /** Writes {@code count} elements of {@code itemSize} bytes starting at byte {@code position}. */
    static void writeElements(FileChannel channel, long position, int count, int itemSize, ChunkEncoder encoder)
            throws IOException {
        int perChunk = Math.max(1, CHUNK_BYTES / itemSize);
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(count, perChunk) * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int n = Math.min(perChunk, count - done);
            chunk.clear().limit(n * itemSize);
            encoder.encode(chunk, done, n);
            chunk.position(0).limit(n * itemSize);
            writeFully(channel, chunk, position + (long) done * itemSize);
            done += n;
        }
    }

    /** Fills the buffer's remaining bytes from the file at {@code position}. */
    static void readFully(FileChannel channel, Path file, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("unexpected end of file " + file + " at byte " + at);
            }
            at += n;
        }
    }

    /** Writes the buffer's remaining bytes at {@code position}. */
    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
