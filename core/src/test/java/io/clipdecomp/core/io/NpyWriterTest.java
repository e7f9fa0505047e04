package io.clipdecomp.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's bytes, parsed here by hand; expected headers are what numpy 2.4 writes for the same shapes. */
class NpyWriterTest {
    @TempDir
    Path dir;

    /** A .npy file split by hand into header text and little-endian data. */
    private record Parsed(int major, int minor, String header, ByteBuffer data) {
    }

    private static Parsed parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        return new Parsed(bytes[6], bytes[7], header, data);
    }

    /** numpy's header: the dict, spaces, and a newline, {@code length} characters in all. */
    private static String numpyHeader(String dict, int length) {
        return dict + " ".repeat(length - dict.length() - 1) + "\n";
    }

    @Test
    void truncatingKeepsTheFirstRowsAndRewritesTheShape() throws IOException {
        Path file = dir.resolve("labels.npy");
        try (NpyWriter writer = NpyWriter.create(file, NpyDtype.INT64, 100, 2, 1)) {
            writer.writeRow(0, new long[] {3, 4});
            writer.writeRow(1, new long[] {5, 6});
            writer.truncateRows(2);
            assertEquals(2, writer.rows());
        }
        Parsed parsed = parse(file);
        assertEquals(numpyHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2, 1), }", 118),
                parsed.header());
        assertEquals(4 * 8, parsed.data().remaining());
        assertEquals(3, parsed.data().getLong());
        assertEquals(4, parsed.data().getLong());
        assertEquals(5, parsed.data().getLong());
        assertEquals(6, parsed.data().getLong());
    }

    @Test
    void headerAndDataMatchNumpyForFourAxes() throws IOException {
        Path file = dir.resolve("attn.npy");
        try (NpyWriter writer = NpyWriter.create(file, NpyDtype.FLOAT32, 7, 2, 4, 40)) {
            assertEquals(320, writer.rowLength());
            for (int row = 0; row < 7; row++) {
                float[] values = new float[320];
                for (int i = 0; i < 320; i++) {
                    values[i] = row * 1000 + i + 0.5f;
                }
                writer.writeRow(values);
            }
        }
        Parsed parsed = parse(file);
        assertEquals(1, parsed.major());
        assertEquals(0, parsed.minor());
        assertEquals(numpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (7, 2, 4, 40), }", 118),
                parsed.header());
        assertEquals(7 * 320 * 4, parsed.data().remaining());
        for (int row = 0; row < 7; row++) {
            for (int i = 0; i < 320; i++) {
                assertEquals(row * 1000 + i + 0.5f, parsed.data().getFloat());
            }
        }
    }

    @Test
    void oneAxisShapeIsWrittenAsOneTuple() throws IOException {
        Path file = dir.resolve("norm.npy");
        NpyWriter.write(file, new float[] {1.5f, -2f, 3.25f, 0f, 1e-3f, 7f, 8f}, 7);
        Parsed parsed = parse(file);
        assertEquals(numpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (7,), }", 118),
                parsed.header());
        assertEquals(Float.floatToIntBits(-2f), parsed.data().getInt(4));
        assertEquals(1e-3f, parsed.data().getFloat(16));
    }

    @Test
    void int64ConvenienceWrite() throws IOException {
        Path file = dir.resolve("labels.npy");
        NpyWriter.write(file, new long[] {0, 1, -1, Long.MAX_VALUE, 1L << 40, 5}, 2, 3);
        Parsed parsed = parse(file);
        assertEquals(numpyHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }", 118),
                parsed.header());
        ByteBuffer data = parsed.data();
        assertEquals(48, data.remaining());
        assertEquals(0L, data.getLong(0));
        assertEquals(1L, data.getLong(8));
        // -1 is all ones, little-endian.
        assertEquals((byte) 0xFF, data.get(16));
        assertEquals(-1L, data.getLong(16));
        assertEquals(Long.MAX_VALUE, data.getLong(24));
        assertEquals(0x01, data.get(32 + 5));
        assertEquals(5L, data.getLong(40));
    }

    @Test
    void headersMatchNumpyIncludingLongAndAlignedOnes() {
        // Lengths of the header text that numpy.lib.format wrote for these shapes.
        assertEquals(118, headerTextLength(NpyHeader.encode(NpyDtype.FLOAT32, new long[] {0})));
        assertEquals(118, headerTextLength(NpyHeader.encode(NpyDtype.FLOAT32, new long[] {5, 0})));
        assertEquals(118, headerTextLength(NpyHeader.encode(NpyDtype.FLOAT32, new long[] {100_000_000_000L, 3})));
        long[] twenty = LongStream.rangeClosed(1, 20).toArray();
        assertEquals(182, headerTextLength(NpyHeader.encode(NpyDtype.FLOAT32, twenty)));
        // Here dict + newline already ends on a 64-byte boundary, and numpy still adds 64 spaces.
        long[] aligned = new long[22];
        Arrays.fill(aligned, 123);
        aligned[0] = 7;
        byte[] header = NpyHeader.encode(NpyDtype.FLOAT32, aligned);
        assertEquals(246, headerTextLength(header));
        assertEquals(256, header.length);
        assertEquals('\n', header[header.length - 1]);
    }

    private static int headerTextLength(byte[] prefix) {
        return (prefix[8] & 0xFF) | (prefix[9] & 0xFF) << 8;
    }

    @Test
    void positionalRowsInAnyOrder() throws IOException {
        Path file = dir.resolve("spatial.npy");
        try (NpyWriter writer = NpyWriter.create(file, NpyDtype.FLOAT32, 4, 3)) {
            writer.writeRow(2, new float[] {20, 21, 22});
            writer.writeRow(0, new float[] {0, 1, 2});
            writer.writeRow(3, new float[] {30, 31, 32});
            writer.writeRow(1, new float[] {10, 11, 12});
        }
        ByteBuffer data = parse(file).data();
        float[] expected = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};
        assertEquals(expected.length * 4, data.remaining());
        for (float value : expected) {
            assertEquals(value, data.getFloat());
        }
    }

    @Test
    void rowsFromABatchAtAnOffset() throws IOException {
        Path file = dir.resolve("batch.npy");
        long[] batch = {7, 8, 9, 10, 11, 12};
        try (NpyWriter writer = NpyWriter.create(file, NpyDtype.INT64, 3, 2)) {
            writer.writeRow(0, new long[] {1, 2});
            writer.writeRow(2, batch, 2);
            writer.writeRow(1, batch, 4);
        }
        ByteBuffer data = parse(file).data();
        long[] actual = new long[6];
        data.asLongBuffer().get(actual);
        assertArrayEquals(new long[] {1, 2, 11, 12, 9, 10}, actual);
    }

    @Test
    void manyThreadsWritingShuffledRows() throws IOException {
        Path file = dir.resolve("parallel.npy");
        int rows = 300;
        int length = 1000;
        List<Integer> order = new ArrayList<>(IntStream.range(0, rows).boxed().toList());
        Collections.shuffle(order, new Random(3));
        try (NpyWriter writer = NpyWriter.create(file, NpyDtype.FLOAT32, rows, 10, 100)) {
            order.parallelStream().forEach(row -> {
                float[] values = new float[length];
                Arrays.fill(values, row);
                try {
                    writer.writeRow(row, values);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        ByteBuffer data = parse(file).data();
        assertEquals(rows * length * 4, data.remaining());
        for (int row = 0; row < rows; row++) {
            assertEquals(row, data.getFloat((row * length + length - 1) * 4));
            assertEquals(row, data.getFloat(row * length * 4));
        }
    }

    @Test
    void closeFailsWhenARowIsMissing() throws IOException {
        Path file = dir.resolve("partial.npy");
        NpyWriter writer = NpyWriter.create(file, NpyDtype.FLOAT32, 3, 2);
        writer.writeRow(0, new float[] {1, 2});
        writer.writeRow(2, new float[] {5, 6});
        IOException error = assertThrows(IOException.class, writer::close);
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("2 of 3 rows"), error.getMessage());
        assertTrue(error.getMessage().contains("row 1 is missing"), error.getMessage());
        writer.close();
    }

    @Test
    void sequentialWritesStopAtTheLastRow() throws IOException {
        try (NpyWriter writer = NpyWriter.create(dir.resolve("two.npy"), NpyDtype.INT64, 2)) {
            writer.writeRow(new long[] {4});
            writer.writeRow(new long[] {5});
            assertThrows(IllegalStateException.class, () -> writer.writeRow(new long[] {6}));
        }
    }

    @Test
    void rejectsWrongRowsAndShapes() throws IOException {
        Path file = dir.resolve("bad.npy");
        try (NpyWriter writer = NpyWriter.create(file, NpyDtype.FLOAT32, 1, 3)) {
            IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                    () -> writer.writeRow(new float[] {1, 2}));
            assertTrue(length.getMessage().contains("has 3 elements, got 2"), length.getMessage());
            assertThrows(IllegalArgumentException.class, () -> writer.writeRow(0, new long[] {1, 2, 3}));
            assertThrows(IndexOutOfBoundsException.class, () -> writer.writeRow(1, new float[] {1, 2, 3}));
            assertThrows(IndexOutOfBoundsException.class, () -> writer.writeRow(0, new float[] {1, 2, 3}, 1));
            writer.writeRow(new float[] {1, 2, 3});
        }
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.create(file, NpyDtype.FLOAT64, 2));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.create(file, NpyDtype.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.create(file, NpyDtype.FLOAT32, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(file, new float[5], 2, 3));
    }

    @Test
    void emptyArraysHaveOnlyAHeader() throws IOException {
        Path file = dir.resolve("empty.npy");
        NpyWriter.write(file, new float[0], 0, 4);
        assertEquals(128, Files.size(file));
        assertEquals(numpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }", 118),
                parse(file).header());
    }
    @Test
    void wholeArrayWritesReplaceAnEarlierFileOnlyWhenComplete() throws IOException {
        Path file = dir.resolve("a.npy");
        NpyWriter.write(file, new float[] {1, 2, 3, 4}, 2, 2);
        byte[] first = Files.readAllBytes(file);
        NpyWriter.write(file, new long[] {7, 8, 9}, 3);
        assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", parse(file).header().trim());
        assertEquals(9L, parse(file).data().getLong(16));
        // a target that cannot be replaced: the write fails, and neither it nor a temporary file is left changed
        Path folder = Files.createDirectories(dir.resolve("b.npy"));
        Files.write(folder.resolve("inside"), first);
        assertThrows(IOException.class, () -> NpyWriter.write(folder, new float[] {5, 6}, 2));
        assertArrayEquals(first, Files.readAllBytes(folder.resolve("inside")));
        try (var left = Files.list(dir)) {
            assertEquals(List.of("a.npy", "b.npy"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
