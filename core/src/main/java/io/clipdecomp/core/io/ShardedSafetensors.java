package io.clipdecomp.core.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Weights split over several safetensors files, as Hugging Face saves large models: an index JSON
 * {@code {"metadata": {...}, "weight_map": {tensor name: shard file name}}} beside the shards. The index decides
 * which tensors exist; every shard is opened and checked up front.
 */
public final class ShardedSafetensors implements TensorStore {
    private final Path index;
    private final Map<String, SafetensorsFile> shardOf;
    private final Map<String, SafetensorsFile> shards;
    private final Map<String, String> metadata;

    private ShardedSafetensors(Path index, Map<String, SafetensorsFile> shardOf, Map<String, SafetensorsFile> shards,
            Map<String, String> metadata) {
        this.index = index;
        this.shardOf = shardOf;
        this.shards = shards;
        this.metadata = metadata;
    }

    /** Opens the index file and every shard it names (shards are resolved against the index's folder). */
    public static ShardedSafetensors open(Path index) throws IOException {
        JsonObject root = StrictJson.readObject(index, "safetensors index");
        JsonElement weightMap = root.get("weight_map");
        if (weightMap == null || !weightMap.isJsonObject()) {
            throw new WeightFileException(index + ": safetensors index has no 'weight_map' object");
        }
        Path folder = index.toAbsolutePath().getParent();
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> shardOf = new TreeMap<>();
        Map<String, String> metadata;
        try {
            for (Map.Entry<String, JsonElement> mapping : weightMap.getAsJsonObject().entrySet()) {
                String name = mapping.getKey();
                String shardName = StrictJson.string(mapping.getValue());
                if (shardName == null) {
                    throw new WeightFileException(index + ": key '" + name + "' maps to " + mapping.getValue()
                            + ", not a shard file name");
                }
                SafetensorsFile shard = shards.get(shardName);
                if (shard == null) {
                    shard = openShard(index, folder, name, shardName);
                    shards.put(shardName, shard);
                }
                if (!shard.names().contains(name)) {
                    throw new WeightFileException(index + ": key '" + name + "' is mapped to shard "
                            + shard.file() + ", which has no tensor '" + name + "'");
                }
                shardOf.put(name, shard);
            }
            metadata = mergedMetadata(shards.values());
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile shard : shards.values()) {
                try {
                    shard.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        return new ShardedSafetensors(index, Collections.unmodifiableMap(shardOf), shards, metadata);
    }

    /** The shards' {@code __metadata__} together; shards that give one key different values are refused. */
    private static Map<String, String> mergedMetadata(Iterable<SafetensorsFile> shards) throws WeightFileException {
        Map<String, String> merged = new TreeMap<>();
        Map<String, Path> from = new TreeMap<>();
        for (SafetensorsFile shard : shards) {
            for (Map.Entry<String, String> e : shard.metadata().entrySet()) {
                String before = merged.putIfAbsent(e.getKey(), e.getValue());
                from.putIfAbsent(e.getKey(), shard.file());
                if (before != null && !before.equals(e.getValue())) {
                    throw new WeightFileException(shard.file() + ": __metadata__ '" + e.getKey() + "' is '"
                            + e.getValue() + "' but " + from.get(e.getKey()) + " says '" + before
                            + "': the shards do not belong to one checkpoint");
                }
            }
        }
        return Collections.unmodifiableMap(merged);
    }

    private static SafetensorsFile openShard(Path index, Path folder, String key, String shardName)
            throws IOException {
        Path shardPath = folder.resolve(shardName).normalize();
        if (Path.of(shardName).isAbsolute() || !shardPath.startsWith(folder.normalize())) {
            throw new WeightFileException(index + ": key '" + key + "' maps to shard '" + shardName
                    + "', which is not a file inside " + folder);
        }
        if (!Files.isRegularFile(shardPath)) {
            throw new WeightFileException(index + ": shard file " + shardPath + " (for key '" + key
                    + "') does not exist");
        }
        return SafetensorsFile.open(shardPath);
    }

    /** The index file. */
    public Path index() {
        return index;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Set<String> names() {
        return shardOf.keySet();
    }

    @Override
    public long[] shape(String name) throws WeightFileException {
        return shard(name).shape(name);
    }

    @Override
    public String dtype(String name) throws WeightFileException {
        return shard(name).dtype(name);
    }

    @Override
    public Path fileOf(String name) throws WeightFileException {
        return shard(name).file();
    }

    @Override
    public float[] readFloats(String name) throws IOException {
        return shard(name).readFloats(name);
    }

    @Override
    public long[] readLongs(String name) throws IOException {
        return shard(name).readLongs(name);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (SafetensorsFile shard : shards.values()) {
            try {
                shard.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private SafetensorsFile shard(String name) throws WeightFileException {
        SafetensorsFile shard = shardOf.get(name);
        if (shard == null) {
            throw new WeightFileException(index + ": no tensor '" + name + "' in the weight_map");
        }
        return shard;
    }
}
