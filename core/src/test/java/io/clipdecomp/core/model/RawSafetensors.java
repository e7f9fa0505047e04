package io.clipdecomp.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Safetensors files taken apart and put together by hand in tests, without the project's reader or writer:
 * an 8-byte little-endian header length, the JSON header, the data buffer.
 */
final class RawSafetensors {
    /** One tensor: its dtype name, shape and raw little-endian bytes. */
    record Tensor(String dtype, long[] shape, byte[] bytes) {
    }

    private RawSafetensors() {
    }

    /** The header JSON of a file. */
    static JsonObject header(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return JsonParser.parseString(new String(all, 8, (int) length, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** The data buffer of a file: everything after the header. */
    static byte[] data(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return Arrays.copyOfRange(all, 8 + (int) length, all.length);
    }

    /** Every tensor of a file, in header order. */
    static Map<String, Tensor> read(Path file) throws IOException {
        JsonObject header = header(file);
        byte[] data = data(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonObject info = e.getValue().getAsJsonObject();
            JsonArray shape = info.getAsJsonArray("shape");
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).getAsLong();
            }
            JsonArray offsets = info.getAsJsonArray("data_offsets");
            tensors.put(e.getKey(), new Tensor(info.get("dtype").getAsString(), dims,
                    Arrays.copyOfRange(data, offsets.get(0).getAsInt(), offsets.get(1).getAsInt())));
        }
        return tensors;
    }

    /** Writes the tensors one after another in map order, with a matching header. */
    static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        JsonObject header = new JsonObject();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonObject info = new JsonObject();
            info.addProperty("dtype", e.getValue().dtype());
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += e.getValue().bytes().length;
            offsets.add(offset);
            info.add("data_offsets", offsets);
            header.add(e.getKey(), info);
        }
        byte[] data = new byte[(int) offset];
        int at = 0;
        for (Tensor t : tensors.values()) {
            System.arraycopy(t.bytes(), 0, data, at, t.bytes().length);
            at += t.bytes().length;
        }
        write(file, header, data);
    }

    /** Writes a file from a header (taken as is) and a data buffer. */
    static void write(Path file, JsonObject header, byte[] data) throws IOException {
        byte[] text = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(text.length).put(text).put(data);
        Files.write(file, out.array());
    }

    /** Float32 values as little-endian bytes. */
    static byte[] f32(float[] values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }

    /** Little-endian float32 bytes as values. */
    static float[] f32(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.getFloat();
        }
        return out;
    }

    /** 16-bit patterns as little-endian bytes. */
    static byte[] u16(int[] bits) {
        ByteBuffer out = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int b : bits) {
            out.putShort((short) b);
        }
        return out.array();
    }

    /**
     * IEEE binary16 nearest to {@code f}, ties to even (as torch's {@code .half()}); written from the format's
     * definition: 1 sign, 5 exponent (bias 15), 10 fraction bits, subnormals below 2^-14.
     */
    static int toFloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int floatExponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (floatExponent == 0xFF) {
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0);
        }
        int exponent = floatExponent - 127 + 15;
        if (exponent >= 0x1F) {
            return sign | 0x7C00;
        }
        if (exponent <= 0) {
            // subnormal: value / 2^-24 = (1.mantissa as a 24-bit integer) * 2^(exponent - 14)
            int shift = 14 - exponent;
            if (shift > 24) {
                return sign;
            }
            int full = mantissa | 0x800000;
            return sign | roundShift(full, shift);
        }
        int rounded = (exponent << 10 | mantissa >>> 13);
        int rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (rounded & 1) == 1)) {
            rounded++; // a carry into the exponent is the correct next value, up to infinity
        }
        return sign | rounded;
    }

    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        return rest > half || (rest == half && (kept & 1) == 1) ? kept + 1 : kept;
    }

    /** The value of an IEEE binary16 pattern, by the format's definition. */
    static float fromFloat16(int h) {
        double sign = (h & 0x8000) != 0 ? -1 : 1;
        int exponent = (h >>> 10) & 0x1F;
        int fraction = h & 0x3FF;
        if (exponent == 0) {
            return (float) (sign * Math.scalb((double) fraction, -24));
        }
        if (exponent == 0x1F) {
            return fraction == 0 ? (float) (sign * Double.POSITIVE_INFINITY) : Float.NaN;
        }
        return (float) (sign * Math.scalb((double) (1024 + fraction), exponent - 25));
    }

    /** bfloat16 nearest to {@code f}, ties to even (as torch's {@code .bfloat16()}), for finite values. */
    static int toBFloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int kept = bits >>> 16;
        int rest = bits & 0xFFFF;
        if (rest > 0x8000 || (rest == 0x8000 && (kept & 1) == 1)) {
            kept++;
        }
        return kept & 0xFFFF;
    }

    /** The value of a bfloat16 pattern: the upper half of a float32. */
    static float fromBFloat16(int b) {
        return Float.intBitsToFloat(b << 16);
    }
}
