package io.clipdecomp.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A float64 vector of a length known only at the end, with numpy's header for that length. */
class NpyVectorWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheHeaderNumpyWritesForTheFinalLength() throws IOException {
        Path file = dir.resolve("v.npy");
        int n = ChannelIo.CHUNK_BYTES / Double.BYTES * 2 + 3; // more than two buffers
        try (NpyVectorWriter w = NpyVectorWriter.create(file)) {
            for (int i = 0; i < n; i++) {
                w.append(i * 0.5);
            }
            assertEquals(n, w.count());
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] header = NpyHeader.encode(NpyDtype.FLOAT64, new long[] {n});
        assertArrayEquals(header, java.util.Arrays.copyOf(bytes, header.length));
        String text = new String(bytes, 10, header.length - 10, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (" + n + ",), }", text.strip());
        ByteBuffer data = ByteBuffer.wrap(bytes, header.length, bytes.length - header.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((long) n * 8, data.remaining());
        for (int i = 0; i < n; i++) {
            assertEquals(i * 0.5, data.getDouble(), 0);
        }
    }

    @Test
    void anEmptyVectorHasShapeZero() throws IOException {
        Path file = dir.resolve("e.npy");
        NpyVectorWriter.create(file).close();
        assertArrayEquals(NpyHeader.encode(NpyDtype.FLOAT64, new long[] {0}), Files.readAllBytes(file));
    }
}
