package io.clipdecomp.core.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One safetensors file: an 8-byte little-endian header length N, N bytes of JSON describing each tensor
 * ({@code dtype}, {@code shape}, {@code data_offsets} into the data buffer) and {@code __metadata__}, then the
 * data buffer. The header is checked as strictly as the reference implementation does when the file is
 * opened; tensors are read on demand with positional reads.
 */
public final class SafetensorsFile implements TensorStore {
    /** The reference implementation refuses larger headers too. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    /** Where one tensor lies in the data buffer. */
    private record Entry(String name, SafetensorsDtype dtype, long[] shape, long count, long begin, long end) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries,
            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens {@code file} and validates its header against the file's size. */
    public static SafetensorsFile open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new WeightFileException("cannot open safetensors file " + file + ": " + StrictJson.unreadable(e));
        }
        try {
            return read(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SafetensorsFile read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new WeightFileException(file + ": only " + fileSize
                    + " bytes, shorter than the 8-byte safetensors header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ChannelIo.readFully(channel, file, lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
            throw new WeightFileException(file + ": absurd safetensors header length "
                    + Long.toUnsignedString(headerLength) + " (not a safetensors file?)");
        }
        if (8 + headerLength > fileSize) {
            throw new WeightFileException(file + ": safetensors header length " + headerLength
                    + " runs past the end of the file (" + fileSize + " bytes)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        ChannelIo.readFully(channel, file, headerBytes, 8);
        String text = StrictJson.utf8(headerBytes.flip(), 8, file, "safetensors header");
        JsonObject header = StrictJson.parseObject(text, file, "safetensors header");
        long dataStart = 8 + headerLength;
        long dataSize = fileSize - dataStart;
        Map<String, String> metadata = Map.of();
        Map<String, Entry> entries = new TreeMap<>();
        for (Map.Entry<String, JsonElement> field : header.entrySet()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                Entry entry = parseEntry(file, field.getKey(), field.getValue());
                if (entry.end() > dataSize) {
                    throw new WeightFileException(file + ": tensor '" + entry.name() + "' has data_offsets ["
                            + entry.begin() + ", " + entry.end() + "] past the end of the data (" + dataSize
                            + " bytes): the file is truncated");
                }
                entries.put(entry.name(), entry);
            }
        }
        checkContiguous(file, entries.values(), dataSize);
        return new SafetensorsFile(file, channel, dataStart, Collections.unmodifiableMap(entries), metadata);
    }

    private static Map<String, String> parseMetadata(Path file, JsonElement value) throws WeightFileException {
        if (!value.isJsonObject()) {
            throw new WeightFileException(file + ": '" + METADATA_KEY + "' is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : value.getAsJsonObject().entrySet()) {
            String text = StrictJson.string(field.getValue());
            if (text == null) {
                throw new WeightFileException(file + ": '" + METADATA_KEY + "' value of key '" + field.getKey()
                        + "' is not a string");
            }
            metadata.put(field.getKey(), text);
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry parseEntry(Path file, String name, JsonElement value) throws WeightFileException {
        String where = file + ": tensor '" + name + "'";
        if (!value.isJsonObject()) {
            throw new WeightFileException(where + " is not described by a JSON object");
        }
        JsonObject info = value.getAsJsonObject();
        String dtypeName = StrictJson.string(info.get("dtype"));
        if (dtypeName == null) {
            throw new WeightFileException(where + " has no string 'dtype'");
        }
        SafetensorsDtype dtype = SafetensorsDtype.fromName(dtypeName).orElseThrow(() -> new WeightFileException(
                where + " has unknown dtype '" + dtypeName + "'"));
        long[] shape = nonNegativeLongs(info.get("shape"), -1);
        if (shape == null) {
            throw new WeightFileException(where + " has no 'shape' list of non-negative integers");
        }
        long[] offsets = nonNegativeLongs(info.get("data_offsets"), 2);
        if (offsets == null || offsets[0] > offsets[1]) {
            throw new WeightFileException(where + " has bad 'data_offsets' " + info.get("data_offsets")
                    + " (want [begin, end] with 0 <= begin <= end)");
        }
        long count;
        long bytes;
        try {
            count = NpyHeader.elementCount(shape);
            bytes = Math.multiplyExact(count, (long) dtype.size());
        } catch (ArithmeticException e) {
            throw new WeightFileException(where + " has an impossibly large shape " + Arrays.toString(shape));
        }
        if (offsets[1] - offsets[0] != bytes) {
            throw new WeightFileException(where + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] of "
                    + (offsets[1] - offsets[0]) + " bytes, but shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + bytes + " bytes");
        }
        return new Entry(name, dtype, shape, count, offsets[0], offsets[1]);
    }

    /** The list's elements, or null if it is not a list of non-negative integers (of {@code length} if >= 0). */
    private static long[] nonNegativeLongs(JsonElement value, int length) {
        if (value == null || !value.isJsonArray()) {
            return null;
        }
        JsonArray array = value.getAsJsonArray();
        if (length >= 0 && array.size() != length) {
            return null;
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = StrictJson.nonNegativeLong(array.get(i));
            if (out[i] < 0) {
                return null;
            }
        }
        return out;
    }

    /** Tensors must tile the data buffer exactly, without gaps or overlaps, as the reference requires. */
    private static void checkContiguous(Path file, Iterable<Entry> entries, long dataSize)
            throws WeightFileException {
        List<Entry> byOffset = new ArrayList<>();
        entries.forEach(byOffset::add);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = null;
        for (Entry entry : byOffset) {
            if (entry.begin() != expected) {
                throw new WeightFileException(file + ": tensor '" + entry.name() + "' starts at byte "
                        + entry.begin() + " of the data but " + (previous == null ? "the data starts at 0"
                        : "tensor '" + previous + "' ends at " + expected)
                        + (entry.begin() < expected ? " (overlap)" : " (gap)"));
            }
            expected = entry.end();
            previous = entry.name();
        }
        if (expected != dataSize) {
            throw new WeightFileException(file + ": " + (dataSize - expected) + " bytes after the last tensor"
                    + (previous == null ? "" : " '" + previous + "'") + " belong to no tensor");
        }
    }

    /** The file this store reads. */
    public Path file() {
        return file;
    }

    /** The {@code __metadata__} strings, e.g. {"format": "pt"}; empty if the file has none. */
    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Set<String> names() {
        return entries.keySet();
    }

    @Override
    public long[] shape(String name) throws WeightFileException {
        return entry(name).shape().clone();
    }

    @Override
    public String dtype(String name) throws WeightFileException {
        return entry(name).dtype().name();
    }

    @Override
    public Path fileOf(String name) throws WeightFileException {
        entry(name);
        return file;
    }

    @Override
    public float[] readFloats(String name) throws IOException {
        Entry entry = entry(name);
        if (!entry.dtype().readsAsFloat()) {
            throw new WeightFileException(file + ": tensor '" + name + "' has dtype " + entry.dtype()
                    + ", not a float type" + (entry.dtype().readsAsLong() ? "; read it with readLongs" : ""));
        }
        float[] out = new float[arrayLength(entry)];
        long position = dataStart + entry.begin();
        switch (entry.dtype()) {
            case F32 -> ChannelIo.readElements(channel, file, position, out.length, 4,
                    (chunk, at, n) -> chunk.asFloatBuffer().get(out, at, n));
            case F16 -> ChannelIo.readElements(channel, file, position, out.length, 2, (chunk, at, n) -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = HalfFloats.fromFloat16(chunk.getShort());
                }
            });
            case BF16 -> ChannelIo.readElements(channel, file, position, out.length, 2, (chunk, at, n) -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = HalfFloats.fromBFloat16(chunk.getShort());
                }
            });
            case F64 -> ChannelIo.readElements(channel, file, position, out.length, 8, (chunk, at, n) -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = (float) chunk.getDouble();
                }
            });
            default -> throw new IllegalStateException("unhandled float dtype " + entry.dtype());
        }
        return out;
    }

    @Override
    public long[] readLongs(String name) throws IOException {
        Entry entry = entry(name);
        SafetensorsDtype dtype = entry.dtype();
        if (!dtype.readsAsLong()) {
            throw new WeightFileException(file + ": tensor '" + name + "' has dtype " + dtype
                    + ", which readLongs does not convert" + (dtype.readsAsFloat() ? "; read it with readFloats" : ""));
        }
        long[] out = new long[arrayLength(entry)];
        long position = dataStart + entry.begin();
        if (dtype == SafetensorsDtype.I64) {
            ChannelIo.readElements(channel, file, position, out.length, 8,
                    (chunk, at, n) -> chunk.asLongBuffer().get(out, at, n));
            return out;
        }
        ChannelIo.readElements(channel, file, position, out.length, dtype.size(), (chunk, at, n) -> {
            for (int i = 0; i < n; i++) {
                out[at + i] = switch (dtype) {
                    case I8 -> chunk.get();
                    case U8, BOOL -> chunk.get() & 0xFF;
                    case I16 -> chunk.getShort();
                    case U16 -> chunk.getShort() & 0xFFFF;
                    case I32 -> chunk.getInt();
                    case U32 -> chunk.getInt() & 0xFFFFFFFFL;
                    default -> throw new IllegalStateException("unhandled integer dtype " + dtype);
                };
            }
        });
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private Entry entry(String name) throws WeightFileException {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new WeightFileException(file + ": no tensor '" + name + "'");
        }
        return entry;
    }

    private int arrayLength(Entry entry) throws WeightFileException {
        if (entry.count() > Integer.MAX_VALUE - 8) {
            throw new WeightFileException(file + ": tensor '" + entry.name() + "' has " + entry.count()
                    + " elements, too many for one Java array");
        }
        return (int) entry.count();
    }
}
