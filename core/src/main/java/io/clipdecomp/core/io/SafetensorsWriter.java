package io.clipdecomp.core.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects F32 and I64 tensors and writes them as one safetensors file, keys in sorted order, with
 * {@code __metadata__ {"format": "pt"}} and the header padded with spaces to a multiple of 8 bytes.
 *
 * <p>The arrays are kept by reference until {@link #write(Path)}; do not change them in between.
 */
public final class SafetensorsWriter {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private record Tensor(SafetensorsDtype dtype, long[] shape, float[] floats, long[] longs) {
        int count() {
            return floats != null ? floats.length : longs.length;
        }
    }

    private final Map<String, Tensor> tensors = new TreeMap<>();
    private final Map<String, String> metadata = new TreeMap<>(Map.of("format", "pt"));

    /** Adds an F32 tensor; {@code shape} may be empty for a 0-d tensor of one element. */
    public SafetensorsWriter add(String name, float[] data, long... shape) {
        checkNew(name, data.length, shape);
        tensors.put(name, new Tensor(SafetensorsDtype.F32, shape.clone(), data, null));
        return this;
    }

    /** Adds an I64 tensor; {@code shape} may be empty for a 0-d tensor of one element. */
    public SafetensorsWriter add(String name, long[] data, long... shape) {
        checkNew(name, data.length, shape);
        tensors.put(name, new Tensor(SafetensorsDtype.I64, shape.clone(), null, data));
        return this;
    }

    /** Adds a {@code __metadata__} entry besides {@code "format": "pt"}. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Writes all tensors to {@code file}, replacing it only once the new file is complete. */
    public void write(Path file) throws IOException {
        byte[] header = header();
        Path temporary = FileReplacement.temporaryFor(file);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
                prefix.putLong(header.length).put(header).flip();
                ChannelIo.writeFully(channel, prefix, 0);
                long position = prefix.capacity();
                for (Tensor tensor : tensors.values()) {
                    if (tensor.floats() != null) {
                        float[] data = tensor.floats();
                        ChannelIo.writeElements(channel, position, data.length, 4,
                                (chunk, at, n) -> chunk.asFloatBuffer().put(data, at, n));
                    } else {
                        long[] data = tensor.longs();
                        ChannelIo.writeElements(channel, position, data.length, 8,
                                (chunk, at, n) -> chunk.asLongBuffer().put(data, at, n));
                    }
                    position += (long) tensor.count() * tensor.dtype().size();
                }
            }
            FileReplacement.moveIntoPlace(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private byte[] header() {
        JsonObject header = new JsonObject();
        JsonObject meta = new JsonObject();
        metadata.forEach(meta::addProperty);
        header.add(SafetensorsFile.METADATA_KEY, meta);
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor tensor = entry.getValue();
            JsonArray shape = new JsonArray();
            Arrays.stream(tensor.shape()).forEach(shape::add);
            long end = offset + (long) tensor.count() * tensor.dtype().size();
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(end);
            JsonObject info = new JsonObject();
            info.addProperty("dtype", tensor.dtype().name());
            info.add("shape", shape);
            info.add("data_offsets", offsets);
            header.add(entry.getKey(), info);
            offset = end;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private void checkNew(String name, int length, long[] shape) {
        if (name == null || name.isEmpty() || name.equals(SafetensorsFile.METADATA_KEY)) {
            throw new IllegalArgumentException("bad tensor name '" + name + "'");
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' was already added");
        }
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension in shape "
                        + Arrays.toString(shape));
            }
        }
        long count;
        try {
            count = NpyHeader.elementCount(shape);
        } catch (ArithmeticException e) {
            count = -1;
        }
        if (count != length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                    + " does not match the " + length + " elements given");
        }
    }
}
