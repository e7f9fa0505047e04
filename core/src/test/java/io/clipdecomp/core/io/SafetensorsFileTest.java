package io.clipdecomp.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors files assembled byte by byte here, with hand-computed 16-bit float patterns. */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    /** Writes the 8-byte little-endian header length, the header text and the data. */
    static Path safetensors(Path file, String header, byte[] data) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(text.length).put(text).put(data);
        Files.write(file, out.array());
        return file;
    }

    static byte[] littleEndian(int bytesPerValue, long... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * bytesPerValue).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            switch (bytesPerValue) {
                case 1 -> out.put((byte) value);
                case 2 -> out.putShort((short) value);
                case 4 -> out.putInt((int) value);
                default -> out.putLong(value);
            }
        }
        return out.array();
    }

    static byte[] floats(float... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            out.putFloat(value);
        }
        return out.array();
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    private static void assertFailsNaming(Executable open, String... fragments) {
        WeightFileException error = assertThrows(WeightFileException.class, open);
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment), "'" + fragment + "' not in: " + error.getMessage());
        }
    }

    @Test
    void readsF32AndMetadataAndZeroDimensionalTensors() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"}," + tensor("w", "F32", "[2,2]", 0, 16) + ","
                + tensor("logit_scale", "F32", "[]", 16, 20) + "}";
        Path file = safetensors(dir.resolve("m.safetensors"), header, floats(1, -2, 0.25f, 3e-8f, 4.6052f));
        try (SafetensorsFile store = SafetensorsFile.open(file)) {
            assertEquals(List.of("logit_scale", "w"), List.copyOf(store.names()));
            assertEquals(Map.of("format", "pt"), store.metadata());
            assertArrayEquals(new long[] {2, 2}, store.shape("w"));
            assertEquals("F32", store.dtype("w"));
            assertEquals(file, store.fileOf("w"));
            assertArrayEquals(new float[] {1, -2, 0.25f, 3e-8f}, store.readFloats("w"));
            assertArrayEquals(new long[0], store.shape("logit_scale"));
            assertArrayEquals(new float[] {4.6052f}, store.readFloats("logit_scale"));
        }
    }

    @Test
    void widensF16IncludingSubnormalsAndSpecials() throws IOException {
        long[] bits = {0x3C00, 0xC000, 0x3555, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0x7C00, 0xFC00, 0x8000, 0x7E00};
        float[] expected = {1f, -2f, 0.333251953125f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, 65504f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.NaN};
        Path file = safetensors(dir.resolve("h.safetensors"), "{" + tensor("h", "F16", "[11]", 0, 22) + "}",
                littleEndian(2, bits));
        try (SafetensorsFile store = SafetensorsFile.open(file)) {
            // assertArrayEquals on floats compares bit-exactly, so -0 and NaN are checked too.
            assertArrayEquals(expected, store.readFloats("h"));
        }
    }

    @Test
    void widensBF16() throws IOException {
        long[] bits = {0x3F80, 0xC000, 0x4049, 0x0001, 0x7F80, 0x8000, 0xBE80};
        float[] expected = {1f, -2f, 3.140625f, 0x1p-133f, Float.POSITIVE_INFINITY, -0f, -0.25f};
        Path file = safetensors(dir.resolve("b.safetensors"), "{" + tensor("b", "BF16", "[7,1]", 0, 14) + "}",
                littleEndian(2, bits));
        try (SafetensorsFile store = SafetensorsFile.open(file)) {
            assertEquals("BF16", store.dtype("b"));
            assertArrayEquals(expected, store.readFloats("b"));
        }
    }

    @Test
    void narrowsF64AndReadsIntegerTypesAsLongs() throws IOException {
        byte[] f64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(1e300).array();
        String header = "{" + tensor("d", "F64", "[2]", 0, 16) + "," + tensor("i64", "I64", "[2]", 16, 32) + ","
                + tensor("i32", "I32", "[2]", 32, 40) + "," + tensor("u8", "U8", "[2]", 40, 42) + ","
                + tensor("i8", "I8", "[1]", 42, 43) + "," + tensor("flag", "BOOL", "[2]", 43, 45) + ","
                + tensor("u16", "U16", "[1]", 45, 47) + "}";
        byte[] data = concat(f64, littleEndian(8, -5, 1L << 50), littleEndian(4, -7, 0x7FFFFFFF),
                littleEndian(1, 255, 1), littleEndian(1, -128), littleEndian(1, 1, 0), littleEndian(2, 0xFFFF));
        Path file = safetensors(dir.resolve("mixed.safetensors"), header, data);
        try (SafetensorsFile store = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY}, store.readFloats("d"));
            assertArrayEquals(new long[] {-5, 1L << 50}, store.readLongs("i64"));
            assertArrayEquals(new long[] {-7, 0x7FFFFFFF}, store.readLongs("i32"));
            assertArrayEquals(new long[] {255, 1}, store.readLongs("u8"));
            assertArrayEquals(new long[] {-128}, store.readLongs("i8"));
            assertArrayEquals(new long[] {1, 0}, store.readLongs("flag"));
            assertArrayEquals(new long[] {65535}, store.readLongs("u16"));
            assertFailsNaming(() -> store.readFloats("i64"), file.toString(), "'i64'", "readLongs");
            assertFailsNaming(() -> store.readLongs("d"), file.toString(), "'d'", "readFloats");
            assertFailsNaming(() -> store.readFloats("nope"), file.toString(), "'nope'");
            assertFailsNaming(() -> store.shape("nope"), file.toString(), "'nope'");
        }
    }

    @Test
    void readsLargeTensorsAcrossChunks() throws IOException {
        int count = ChannelIo.CHUNK_BYTES / 2 * 3 + 7;
        ByteBuffer data = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            data.putShort((short) (i % 3 == 0 ? 0x3C00 : 0xC000));
        }
        Path file = safetensors(dir.resolve("big.safetensors"),
                "{" + tensor("x", "F16", "[" + count + "]", 0, count * 2L) + "}", data.array());
        try (SafetensorsFile store = SafetensorsFile.open(file)) {
            float[] values = store.readFloats("x");
            assertEquals(count, values.length);
            for (int i : new int[] {0, 1, 2, count / 2, count - 2, count - 1}) {
                assertEquals(i % 3 == 0 ? 1f : -2f, values[i], "element " + i);
            }
        }
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[5]);
        assertFailsNaming(() -> SafetensorsFile.open(file), file.toString(), "shorter than the 8-byte");
    }

    @Test
    void absurdAndOverlongHeaderLengths() throws IOException {
        Path absurd = dir.resolve("absurd.safetensors");
        Files.write(absurd, littleEndian(8, 1L << 62, 0));
        assertFailsNaming(() -> SafetensorsFile.open(absurd), absurd.toString(), "absurd");
        Path overlong = dir.resolve("overlong.safetensors");
        Files.write(overlong, concat(littleEndian(8, 1000), "{}".getBytes(StandardCharsets.UTF_8)));
        assertFailsNaming(() -> SafetensorsFile.open(overlong), overlong.toString(), "past the end of the file");
    }

    @Test
    void invalidJsonIncludingWhatALenientParserWouldAccept() throws IOException {
        Path broken = safetensors(dir.resolve("broken.safetensors"), "{\"w\":{\"dtype\":", new byte[0]);
        assertFailsNaming(() -> SafetensorsFile.open(broken), broken.toString(), "not valid JSON");
        Path lenient = safetensors(dir.resolve("lenient.safetensors"), "{w:{'dtype':'F32'}}", new byte[0]);
        assertFailsNaming(() -> SafetensorsFile.open(lenient), lenient.toString(), "not valid JSON");
        Path array = safetensors(dir.resolve("array.safetensors"), "[1, 2]", new byte[0]);
        assertFailsNaming(() -> SafetensorsFile.open(array), array.toString(), "not a JSON object");
    }

    @Test
    void unknownDtypeNamesTheKey() throws IOException {
        Path file = safetensors(dir.resolve("dtype.safetensors"), "{" + tensor("w", "F12", "[1]", 0, 4) + "}",
                new byte[4]);
        assertFailsNaming(() -> SafetensorsFile.open(file), file.toString(), "'w'", "unknown dtype 'F12'");
    }

    @Test
    void truncatedDataNamesTheKey() throws IOException {
        String header = "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[2]", 8, 16) + "}";
        Path file = safetensors(dir.resolve("cut.safetensors"), header, floats(1, 2, 3));
        assertFailsNaming(() -> SafetensorsFile.open(file), file.toString(), "'b'", "truncated");
    }

    @Test
    void byteCountMustMatchTheShape() throws IOException {
        Path file = safetensors(dir.resolve("size.safetensors"), "{" + tensor("w", "F32", "[2,2]", 0, 12) + "}",
                new byte[12]);
        assertFailsNaming(() -> SafetensorsFile.open(file), file.toString(), "'w'", "needs 16 bytes");
        Path half = safetensors(dir.resolve("half.safetensors"), "{" + tensor("h", "BF16", "[3]", 0, 12) + "}",
                new byte[12]);
        assertFailsNaming(() -> SafetensorsFile.open(half), half.toString(), "'h'", "needs 6 bytes");
    }

    @Test
    void badShapesAndOffsets() throws IOException {
        Path negative = safetensors(dir.resolve("neg.safetensors"), "{" + tensor("w", "F32", "[-1]", 0, 4) + "}",
                new byte[4]);
        assertFailsNaming(() -> SafetensorsFile.open(negative), negative.toString(), "'w'", "shape");
        Path fraction = safetensors(dir.resolve("frac.safetensors"), "{" + tensor("w", "F32", "[1.5]", 0, 4) + "}",
                new byte[4]);
        assertFailsNaming(() -> SafetensorsFile.open(fraction), fraction.toString(), "'w'", "shape");
        Path reversed = safetensors(dir.resolve("rev.safetensors"), "{" + tensor("w", "F32", "[1]", 4, 0) + "}",
                new byte[4]);
        assertFailsNaming(() -> SafetensorsFile.open(reversed), reversed.toString(), "'w'", "data_offsets");
        Path noDtype = safetensors(dir.resolve("nod.safetensors"),
                "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertFailsNaming(() -> SafetensorsFile.open(noDtype), noDtype.toString(), "'w'", "dtype");
    }

    @Test
    void tensorsMustTileTheDataExactly() throws IOException {
        String gap = "{" + tensor("a", "F32", "[1]", 0, 4) + "," + tensor("b", "F32", "[1]", 8, 12) + "}";
        Path gapFile = safetensors(dir.resolve("gap.safetensors"), gap, new byte[12]);
        assertFailsNaming(() -> SafetensorsFile.open(gapFile), gapFile.toString(), "'b'", "gap");
        String overlap = "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[1]", 4, 8) + "}";
        Path overlapFile = safetensors(dir.resolve("overlap.safetensors"), overlap, new byte[8]);
        assertFailsNaming(() -> SafetensorsFile.open(overlapFile), overlapFile.toString(), "'b'", "overlap");
        Path trailing = safetensors(dir.resolve("trailing.safetensors"), "{" + tensor("a", "F32", "[1]", 0, 4) + "}",
                new byte[6]);
        assertFailsNaming(() -> SafetensorsFile.open(trailing), trailing.toString(), "2 bytes after", "'a'");
    }

    @Test
    void metadataValuesMustBeStrings() throws IOException {
        Path file = safetensors(dir.resolve("meta.safetensors"), "{\"__metadata__\":{\"epoch\":3}}", new byte[0]);
        assertFailsNaming(() -> SafetensorsFile.open(file), file.toString(), "'epoch'");
    }

    @Test
    void headerMayBePaddedWithSpaces() throws IOException {
        Path file = safetensors(dir.resolve("pad.safetensors"), "{" + tensor("a", "F32", "[1]", 0, 4) + "}     ",
                floats(9));
        try (SafetensorsFile store = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {9}, store.readFloats("a"));
        }
    }
}
