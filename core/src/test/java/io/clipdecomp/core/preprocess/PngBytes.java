package io.clipdecomp.core.preprocess;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** A minimal PNG encoder for tests, so every colour type and bit depth can be written exactly as wanted. */
final class PngBytes {
    static final int GRAY = 0;
    static final int RGB = 2;
    static final int PALETTE = 3;
    static final int GRAY_ALPHA = 4;
    static final int RGBA = 6;

    private PngBytes() {
    }

    /**
     * @param samples row-major, {@code channels} values per pixel, each {@code bitDepth} bits wide
     * @param plte    palette bytes (r, g, b per entry) or null
     * @param trns    tRNS chunk payload or null
     */
    static byte[] encode(int w, int h, int bitDepth, int colourType, int[] samples, byte[] plte, byte[] trns) {
        int channels = channels(colourType);
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            int rowBits = w * channels * bitDepth;
            for (int y = 0; y < h; y++) {
                raw.write(0);
                byte[] row = new byte[(rowBits + 7) / 8];
                for (int i = 0; i < w * channels; i++) {
                    int v = samples[y * w * channels + i];
                    if (bitDepth == 16) {
                        row[2 * i] = (byte) (v >> 8);
                        row[2 * i + 1] = (byte) v;
                    } else {
                        int bit = i * bitDepth;
                        row[bit / 8] |= (byte) (v << (8 - bitDepth - bit % 8));
                    }
                }
                raw.write(row);
            }
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(zipped)) {
                z.write(raw.toByteArray());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.writeByte(bitDepth);
            d.writeByte(colourType);
            d.writeByte(0);
            d.writeByte(0);
            d.writeByte(0);
            chunk(out, "IHDR", ihdr.toByteArray());
            if (plte != null) {
                chunk(out, "PLTE", plte);
            }
            if (trns != null) {
                chunk(out, "tRNS", trns);
            }
            chunk(out, "IDAT", zipped.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int channels(int colourType) {
        switch (colourType) {
            case GRAY:
            case PALETTE:
                return 1;
            case GRAY_ALPHA:
                return 2;
            case RGB:
                return 3;
            case RGBA:
                return 4;
            default:
                throw new IllegalArgumentException("colour type " + colourType);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
