package io.clipdecomp.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloatTensorsTest {

    @Test
    void packsRowMajorLittleEndianFloat32() {
        FloatTensor t = FloatTensors.pack(new float[] {1.0f, -2.0f, 0.5f, 0f, 3.0f, -0.0f}, 2, 3);

        assertEquals(List.of(2, 3), t.getShape());
        ByteBuffer data = t.getData();
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        // IEEE 754 bits by hand: 1.0=0x3F800000, -2.0=0xC0000000, 0.5=0x3F000000, 0, 3.0=0x40400000, -0.0=0x80000000
        byte[] expected = {
            0, 0, (byte) 0x80, 0x3F,
            0, 0, 0, (byte) 0xC0,
            0, 0, 0, 0x3F,
            0, 0, 0, 0,
            0, 0, 0x40, 0x40,
            0, 0, 0, (byte) 0x80};
        assertArrayEquals(expected, bytes);
    }

    @Test
    void unpackReadsHandWrittenBytesAndKeepsBufferPosition() {
        // 1.5 = 0x3FC00000, -4.0 = 0xC0800000, behind 4 bytes of padding that the buffer skips
        byte[] raw = {9, 9, 9, 9, 0, 0, (byte) 0xC0, 0x3F, 0, 0, (byte) 0x80, (byte) 0xC0};
        ByteBuffer window = ByteBuffer.wrap(raw, 4, 8);
        FloatTensor t = FloatTensor.newBuilder().setShape(List.of(2)).setData(window).build();

        assertArrayEquals(new float[] {1.5f, -4.0f}, FloatTensors.unpack(t));
        assertEquals(4, window.position());
    }

    @Test
    void roundTripIsBitExact() {
        float[] values = {Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, -0.0f, 1e-30f,
            123.456f, -7f};
        float[] back = FloatTensors.unpack(FloatTensors.pack(values, 2, 2, 2));
        assertEquals(values.length, back.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]), "element " + i);
        }
    }

    @Test
    void shapesOfScalarsAndEmptyTensors() {
        assertEquals(1, FloatTensors.elementCount());
        assertEquals(0, FloatTensors.elementCount(3, 0, 5));
        assertArrayEquals(new float[] {4f}, FloatTensors.unpack(FloatTensors.pack(new float[] {4f})));
        FloatTensor empty = FloatTensors.pack(new float[0], 2, 0);
        assertArrayEquals(new int[] {2, 0}, FloatTensors.shape(empty));
        assertEquals(0, FloatTensors.unpack(empty).length);
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FloatTensors.pack(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FloatTensors.pack(new float[0], 2, -1));
        assertThrows(IllegalArgumentException.class, () -> FloatTensors.pack(null, 1));
        assertThrows(IllegalArgumentException.class, () -> FloatTensors.elementCount(1 << 16, 1 << 16));

        FloatTensor wrongBytes = FloatTensor.newBuilder().setShape(List.of(3)).setData(ByteBuffer.allocate(8)).build();
        IllegalArgumentException e2 =
                assertThrows(IllegalArgumentException.class, () -> FloatTensors.unpack(wrongBytes));
        assertTrue(e2.getMessage().contains("12") && e2.getMessage().contains("8"), e2.getMessage());
    }
}
