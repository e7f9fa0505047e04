package io.clipdecomp.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors in safetensors files, read one tensor at a time. Floating types (F16, BF16, F32, F64) are
 * read as float32, integer and bool types as long; errors name the file and the tensor.
 */
public interface TensorStore extends Closeable {
    /** The weights of an OpenCLIP model folder in one file. */
    String SINGLE_FILE = "open_clip_model.safetensors";
    /** The Hugging Face index of sharded weights: {@code {"metadata": ..., "weight_map": {name: shard}}}. */
    String INDEX_FILE = "open_clip_model.safetensors.index.json";

    /**
     * The weights of a model folder: {@link #SINGLE_FILE} if present, else {@link #INDEX_FILE} and its shards.
     */
    static TensorStore openFolder(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            throw new WeightFileException("model folder " + modelDir + " does not exist or is not a folder");
        }
        Path single = modelDir.resolve(SINGLE_FILE);
        if (Files.exists(single)) {
            return SafetensorsFile.open(single);
        }
        Path index = modelDir.resolve(INDEX_FILE);
        if (Files.exists(index)) {
            return ShardedSafetensors.open(index);
        }
        throw new WeightFileException("model folder " + modelDir + " has neither " + SINGLE_FILE + " nor "
                + INDEX_FILE);
    }

    /** The {@code __metadata__} strings of the file (of all shards together); empty if there are none. */
    Map<String, String> metadata();

    /** All tensor names, sorted. */
    Set<String> names();

    /** The tensor's shape; empty for a 0-d tensor (which has one element). */
    long[] shape(String name) throws WeightFileException;

    /** The tensor's dtype as the file names it, e.g. "F32", "BF16", "I64". */
    String dtype(String name) throws WeightFileException;

    /** The file that holds the tensor. */
    Path fileOf(String name) throws WeightFileException;

    /** The tensor's elements in C order as float32, for F16, BF16, F32 (exact) and F64 (narrowed). */
    float[] readFloats(String name) throws IOException;

    /** The tensor's elements in C order as long, for I8, I16, I32, I64, U8, U16, U32 and BOOL. */
    long[] readLongs(String name) throws IOException;
}
