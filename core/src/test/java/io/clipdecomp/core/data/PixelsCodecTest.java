package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.preprocess.ImageDecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The f32-chw payload: little-endian float32 as numpy writes it, checked against the model's input size. */
class PixelsCodecTest {
    @Test
    void encodesLittleEndianFloatsAndDecodesThemBack() throws ImageDecodeException {
        float[] chw = new float[3 * 2 * 2];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = i * 0.5f - 2.25f;
        }
        ByteBuffer payload = PixelsCodec.encode(chw);
        assertEquals(48, payload.remaining());
        // bytes of -2.25f (0xC0100000) low byte first, as numpy's '<f4'
        assertArrayEquals(new byte[] {0, 0, 0x10, (byte) 0xC0}, new byte[] {payload.get(0), payload.get(1),
            payload.get(2), payload.get(3)});
        assertEquals(chw[5], payload.duplicate().order(ByteOrder.LITTLE_ENDIAN).getFloat(20));
        assertArrayEquals(chw, PixelsCodec.decode(payload, 2));
        assertEquals(0, payload.position(), "decoding does not move the record's buffer");
    }

    @Test
    void aPayloadOfTheWrongSizeIsRefusedSayingWhy() {
        ImageDecodeException ragged = assertThrows(ImageDecodeException.class,
                () -> PixelsCodec.decode(ByteBuffer.allocate(13), 2));
        assertTrue(ragged.getMessage().contains("13 bytes is not a whole number of floats"), ragged.getMessage());
        ImageDecodeException wrong = assertThrows(ImageDecodeException.class,
                () -> PixelsCodec.decode(PixelsCodec.encode(new float[12]), 3));
        assertTrue(wrong.getMessage().contains("hold 12 values; the model takes [3, 3, 3] = 27"), wrong.getMessage());
    }
}
