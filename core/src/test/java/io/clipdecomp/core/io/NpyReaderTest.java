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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on .npy files assembled byte by byte here. */
class NpyReaderTest {
    @TempDir
    Path dir;

    /** Magic, version, header length (2 bytes for 1.0, 4 for 2.0), header text, then {@code data}. */
    private Path npy(String name, int major, String header, byte[] data) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer out = ByteBuffer.allocate(8 + lengthBytes + text.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) text.length);
        } else {
            out.putInt(text.length);
        }
        out.put(text).put(data);
        Path file = dir.resolve(name);
        Files.write(file, out.array());
        return file;
    }

    private static byte[] floats(float... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            out.putFloat(value);
        }
        return out.array();
    }

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }        \n";
    }

    @Test
    void readsFloat32WholeAndByRow() throws IOException {
        Path file = npy("a.npy", 1, dict("<f4", "(3, 2)"), floats(1, 2, 3, 4, 5.5f, -6));
        try (NpyReader reader = NpyReader.open(file)) {
            assertEquals(NpyDtype.FLOAT32, reader.dtype());
            assertArrayEquals(new long[] {3, 2}, reader.shape());
            assertEquals(3, reader.rows());
            assertEquals(2, reader.rowLength());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5.5f, -6}, reader.readFloats());
            assertArrayEquals(new float[] {5.5f, -6}, reader.readFloatRow(2));
            assertArrayEquals(new float[] {3, 4}, reader.readFloatRow(1));
            assertThrows(IndexOutOfBoundsException.class, () -> reader.readFloatRow(3));
            assertThrows(IllegalStateException.class, reader::readLongs);
            assertArrayEquals(new float[] {3, 4, 5.5f, -6}, reader.readFloatRows(1, 2));
            assertArrayEquals(new float[0], reader.readFloatRows(0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> reader.readFloatRows(2, 2));
        }
    }

    @Test
    void readsVersion2HeadersAndKeysInAnyOrder() throws IOException {
        Path file = npy("v2.npy", 2, "{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}\n", floats(7, 8));
        NpyArray array = NpyArray.read(file);
        assertArrayEquals(new long[] {2}, array.shape());
        assertArrayEquals(new float[] {7, 8}, array.floats());
    }

    @Test
    void narrowsFloat64AndWidensInt32() throws IOException {
        ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-3);
        NpyArray narrowed = NpyArray.read(npy("f8.npy", 1, dict("<f8", "(2,)"), doubles.array()));
        assertEquals(NpyDtype.FLOAT64, narrowed.dtype());
        assertArrayEquals(new float[] {0.1f, -3f}, narrowed.floats());

        ByteBuffer ints = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(-2).putInt(Integer.MAX_VALUE)
                .putInt(4);
        try (NpyReader reader = NpyReader.open(npy("i4.npy", 1, dict("<i4", "(3, 1)"), ints.array()))) {
            assertArrayEquals(new long[] {-2, Integer.MAX_VALUE, 4}, reader.readLongs());
            assertArrayEquals(new long[] {Integer.MAX_VALUE}, reader.readLongRow(1));
        }
    }

    @Test
    void readsInt64AndZeroDimensionalArrays() throws IOException {
        ByteBuffer longs = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(1L << 40);
        assertArrayEquals(new long[] {-1, 1L << 40},
                NpyArray.read(npy("i8.npy", 1, dict("<i8", "(2, 1)"), longs.array())).longs());
        try (NpyReader scalar = NpyReader.open(npy("s.npy", 1, dict("<f4", "()"), floats(2.5f)))) {
            assertArrayEquals(new long[0], scalar.shape());
            assertArrayEquals(new float[] {2.5f}, scalar.readFloats());
            assertThrows(IllegalStateException.class, scalar::rows);
        }
    }

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        Path file = dir.resolve("round.npy");
        NpyWriter.write(file, new float[] {1, 2, 3, 4, 5, 6}, 3, 1, 2);
        try (NpyReader reader = NpyReader.open(file)) {
            assertArrayEquals(new long[] {3, 1, 2}, reader.shape());
            assertArrayEquals(new float[] {3, 4}, reader.readFloatRow(1));
        }
    }

    @Test
    void badMagicNamesTheFile() throws IOException {
        Path file = dir.resolve("not.npy");
        Files.write(file, "PK\u0003\u0004 this is a zip file".getBytes(StandardCharsets.ISO_8859_1));
        NpyFormatException error = assertThrows(NpyFormatException.class, () -> NpyReader.open(file));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("NUMPY"), error.getMessage());
    }

    @Test
    void truncatedDataNamesTheFileAndSizes() throws IOException {
        Path file = npy("short.npy", 1, dict("<f4", "(3, 2)"), floats(1, 2, 3, 4, 5));
        NpyFormatException error = assertThrows(NpyFormatException.class, () -> NpyReader.open(file));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertTrue(error.getMessage().contains("needs 24 data bytes but only 20"), error.getMessage());
    }

    @Test
    void unsupportedDtypesAreNamed() throws IOException {
        Path complex = npy("c.npy", 1, dict("<c8", "(1,)"), new byte[8]);
        NpyFormatException error = assertThrows(NpyFormatException.class, () -> NpyReader.open(complex));
        assertTrue(error.getMessage().contains("'<c8'"), error.getMessage());
        assertTrue(error.getMessage().contains(complex.toString()), error.getMessage());

        Path bigEndian = npy("be.npy", 1, dict(">f4", "(1,)"), new byte[4]);
        assertTrue(assertThrows(NpyFormatException.class, () -> NpyReader.open(bigEndian)).getMessage()
                .contains("'>f4'"));

        Path structured = npy("st.npy", 1,
                "{'descr': [('x', '<f4'), ('y', '<i8')], 'fortran_order': False, 'shape': (1,), }\n", new byte[12]);
        assertTrue(assertThrows(NpyFormatException.class, () -> NpyReader.open(structured)).getMessage()
                .contains("unsupported dtype"));
    }

    @Test
    void fortranOrderIsRefused() throws IOException {
        Path file = npy("f.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", floats(1, 2, 3, 4));
        NpyFormatException error = assertThrows(NpyFormatException.class, () -> NpyReader.open(file));
        assertTrue(error.getMessage().contains("fortran_order is True"), error.getMessage());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void headerLongerThanTheFileIsRefused() throws IOException {
        ByteBuffer out = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) 500);
        Path file = dir.resolve("cut.npy");
        Files.write(file, out.array());
        NpyFormatException error = assertThrows(NpyFormatException.class, () -> NpyReader.open(file));
        assertTrue(error.getMessage().contains("header length 500"), error.getMessage());
    }
}
