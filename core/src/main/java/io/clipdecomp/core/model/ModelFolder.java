package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import io.clipdecomp.core.io.SafetensorsWriter;
import io.clipdecomp.core.io.StrictJson;
import io.clipdecomp.core.io.TensorStore;
import io.clipdecomp.core.io.WeightFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model folder in the Hugging Face OpenCLIP layout: {@code open_clip_config.json},
 * {@code open_clip_model.safetensors} (or a sharded index with its shards) and {@code tokenizer.json}.
 *
 * @param dir the folder
 * @param config the parsed configuration
 * @param weights the single weights file or the shard index
 * @param tokenizer {@code tokenizer.json}, or null where the folder has none
 */
public record ModelFolder(Path dir, ClipConfig config, Path weights, Path tokenizer) {
    public static final String CONFIG_FILE = "open_clip_config.json";
    public static final String WEIGHTS_FILE = "open_clip_model.safetensors";
    public static final String WEIGHTS_INDEX_FILE = "open_clip_model.safetensors.index.json";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    /** Checks the folder's files and parses its config; every failure names the folder or file and why. */
    public static ModelFolder open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new WeightFileException("model folder " + dir + " does not exist or is not a directory");
        }
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new WeightFileException(configFile + " is missing: a model folder needs the OpenCLIP config");
        }
        JsonObject json = StrictJson.readObject(configFile, "the OpenCLIP config");
        ClipConfig config;
        try {
            config = ClipConfig.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(configFile + ": " + e.getMessage(), e);
        }
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            weights = dir.resolve(WEIGHTS_INDEX_FILE);
        }
        if (!Files.isRegularFile(weights)) {
            throw new WeightFileException(missingWeightsMessage(dir));
        }
        Path tokenizer = dir.resolve(TOKENIZER_FILE);
        return new ModelFolder(dir, config, weights, Files.isRegularFile(tokenizer) ? tokenizer : null);
    }

    /**
     * Writes a model folder: config, F32 safetensors of every weight, and {@code tokenizer.json}.
     *
     * @param tokenizerJson the tokenizer file's text, or null for a folder without one
     */
    public static ModelFolder save(Path dir, ClipWeights weights, String tokenizerJson) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CONFIG_FILE), weights.config().toJson(), StandardCharsets.UTF_8);
        SafetensorsWriter writer = new SafetensorsWriter();
        WeightChecks.savedGeometry(weights.config()).forEach(writer::metadata);
        for (Map.Entry<String, NDArray> e : weights.asMap().entrySet()) {
            writer.add(e.getKey(), e.getValue().toFloatArray(), e.getValue().getShape().getShape());
        }
        writer.write(dir.resolve(WEIGHTS_FILE));
        if (tokenizerJson != null) {
            Files.writeString(dir.resolve(TOKENIZER_FILE), tokenizerJson, StandardCharsets.UTF_8);
        }
        return open(dir);
    }

    /** Opens the weights, single file or sharded. */
    public TensorStore openWeights() throws IOException {
        return TensorStore.openFolder(dir);
    }

    /**
     * Checks that the weights and the config describe the same model and that every value is finite, reading each
     * tensor once and keeping nothing: what loading would refuse, found before a job starts.
     */
    public void verifyWeights() throws IOException {
        try (TensorStore store = openWeights()) {
            WeightChecks.checkAll(store, weights, config);
        }
    }

    /** The tokenizer file, or a clear error for folders that lack one. */
    public Path requireTokenizer() throws IOException {
        if (tokenizer == null) {
            throw new WeightFileException(dir.resolve(TOKENIZER_FILE) + " is missing: text encoding needs the "
                    + "model's Hugging Face tokenizer.json");
        }
        return tokenizer;
    }

    private static String missingWeightsMessage(Path dir) {
        String base = dir + " has neither " + WEIGHTS_FILE + " nor " + WEIGHTS_INDEX_FILE;
        for (String bin : new String[] {"open_clip_pytorch_model.bin", "pytorch_model.bin"}) {
            if (Files.isRegularFile(dir.resolve(bin))) {
                return base + ". It has the PyTorch checkpoint " + bin + ", which is not read here (pickle files "
                        + "can run code). Convert it once with Python:\n"
                        + "  python -c \"import torch; from safetensors.torch import save_file; "
                        + "sd = torch.load('" + bin + "', map_location='cpu'); sd = sd.get('state_dict', sd); "
                        + "save_file({k.removeprefix('module.'): v.contiguous() for k, v in sd.items()}, '"
                        + WEIGHTS_FILE + "')\"";
            }
        }
        return base + ".";
    }
}
