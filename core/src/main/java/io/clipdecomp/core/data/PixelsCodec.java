package io.clipdecomp.core.data;

import io.clipdecomp.core.preprocess.ImageDecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of preprocessed pixels where they travel as an image's payload (records of {@code --dataset npy} on
 * topics and between operators): little-endian float32, channel-major [3, S, S]. Encoded and decoded here only.
 */
public final class PixelsCodec {
    /** The record format naming this payload. */
    public static final String FORMAT = "f32-chw";
    private static final int CHANNELS = 3;

    private PixelsCodec() {
    }

    /** The payload of {@code chw}, positioned at 0. */
    public static ByteBuffer encode(float[] chw) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(chw.length, Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(chw);
        return bytes;
    }

    /**
     * The pixels of a payload for a model whose input is {@code size x size}; the buffer's position is not moved.
     *
     * @throws ImageDecodeException if the payload is not {@code 3 * size * size} floats
     */
    public static float[] decode(ByteBuffer payload, int size) throws ImageDecodeException {
        ByteBuffer b = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() % Float.BYTES != 0) {
            throw new ImageDecodeException(FORMAT + " payload of " + b.remaining()
                    + " bytes is not a whole number of floats");
        }
        int values = b.remaining() / Float.BYTES;
        long expected = (long) CHANNELS * size * size;
        if (values != expected) {
            throw new ImageDecodeException("preprocessed pixels hold " + values + " values; the model takes ["
                    + CHANNELS + ", " + size + ", " + size + "] = " + expected);
        }
        float[] out = new float[values];
        b.asFloatBuffer().get(out);
        return out;
    }
}
