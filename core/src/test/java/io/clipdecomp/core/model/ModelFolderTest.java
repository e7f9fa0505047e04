package io.clipdecomp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.clipdecomp.core.io.WeightFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model folders that are missing files or hold damaged weights: loading fails with an exception whose message
 * names the file, the tensor and (for shapes) both shapes, and never takes the JVM down.
 */
class ModelFolderTest {
    private static final ClipConfig CONFIG = TestModels.tiny();

    @TempDir
    Path dir;
    private Path model;
    private Path weights;

    @BeforeEach
    void saveAGoodFolder() throws IOException {
        model = dir.resolve("model");
        try (ClipWeights w = ClipWeights.random(CONFIG, 7, NDManager.newBaseManager())) {
            ModelFolder.save(model, w, null);
        }
        weights = model.resolve(ModelFolder.WEIGHTS_FILE);
    }

    /** The message of the exception that loading the folder throws. */
    private String loadFailure() {
        IOException e = assertThrows(IOException.class, () -> {
            try (ClipModel ignored = ClipModel.load(model, Device.cpu())) {
                // loading must fail
            }
        });
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    @Test
    void theGoodFolderLoads() throws IOException {
        ModelFolder folder = ModelFolder.open(model);
        assertEquals(CONFIG, folder.config());
        assertEquals(weights, folder.weights());
        assertNull(folder.tokenizer());
        assertMentions(assertThrows(WeightFileException.class, folder::requireTokenizer).getMessage(),
                "tokenizer.json");
        try (ClipModel loaded = ClipModel.load(model, Device.cpu())) {
            assertEquals(CONFIG, loaded.config());
        }
    }

    @Test
    void missingFolder() {
        model = dir.resolve("nowhere");
        assertMentions(loadFailure(), dir.resolve("nowhere").toString(), "does not exist");
    }

    @Test
    void missingConfig() throws IOException {
        Files.delete(model.resolve(ModelFolder.CONFIG_FILE));
        assertMentions(loadFailure(), model.resolve("open_clip_config.json").toString(), "missing");
    }

    @Test
    void configWithARefusedFeatureNamesFileAndKey() throws IOException {
        Path config = model.resolve(ModelFolder.CONFIG_FILE);
        Files.writeString(config, CONFIG.toJson().replace("\"head_width\"", "\"ls_init_value\": 0.1, \"head_width\""),
                StandardCharsets.UTF_8);
        assertMentions(loadFailure(), config.toString(), "vision_cfg.ls_init_value");
    }

    @Test
    void configWithAWronglyTypedValueNamesFileAndKey() throws IOException {
        Path config = model.resolve(ModelFolder.CONFIG_FILE);
        Files.writeString(config, CONFIG.toJson().replace("\"patch_size\": 4", "\"patch_size\": {\"h\": 4}"),
                StandardCharsets.UTF_8);
        assertMentions(loadFailure(), config.toString(), "patch_size");
    }

    @Test
    void missingWeights() throws IOException {
        Files.delete(weights);
        assertMentions(loadFailure(), model.toString(), "open_clip_model.safetensors",
                "open_clip_model.safetensors.index.json");
    }

    @Test
    void onlyAPytorchCheckpointIsExplainedWithTheConversion() throws IOException {
        Files.delete(weights);
        Files.write(model.resolve("open_clip_pytorch_model.bin"), new byte[] {0x50, 0x4B, 3, 4});
        String message = loadFailure();
        assertMentions(message, "open_clip_pytorch_model.bin", "Convert", "save_file", "open_clip_model.safetensors");
    }

    @Test
    void missingKeyNamesFileAndKey() throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        assertTrue(tensors.remove("visual.proj") != null);
        RawSafetensors.write(weights, tensors);
        assertMentions(loadFailure(), weights.toString(), "'visual.proj'", "missing", "[24, 12]");
    }

    @Test
    void wrongShapeNamesFileKeyAndBothShapes() throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        RawSafetensors.Tensor proj = tensors.get("visual.proj");
        assertEquals("[24, 12]", Arrays.toString(proj.shape()));
        tensors.put("visual.proj", new RawSafetensors.Tensor("F32", new long[] {12, 24}, proj.bytes()));
        RawSafetensors.write(weights, tensors);
        assertMentions(loadFailure(), weights.toString(), "'visual.proj'", "[12, 24]", "[24, 12]");
    }

    @Test
    void wrongElementCountNamesBothShapes() throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        String key = "visual.transformer.resblocks.1.mlp.c_fc.bias";
        tensors.put(key, new RawSafetensors.Tensor("F32", new long[] {95}, new byte[95 * 4]));
        RawSafetensors.write(weights, tensors);
        assertMentions(loadFailure(), weights.toString(), "'" + key + "'", "[95]", "[96]");
    }

    @Test
    void integerTensorWhereFloatsBelongIsRefused() throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        tensors.put("visual.ln_pre.bias", new RawSafetensors.Tensor("I64", new long[] {24}, new byte[24 * 8]));
        RawSafetensors.write(weights, tensors);
        assertMentions(loadFailure(), weights.toString(), "'visual.ln_pre.bias'", "I64");
    }

    @Test
    void truncatedFileIsReportedAsTruncated() throws IOException {
        byte[] all = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(all, all.length - 100));
        assertMentions(loadFailure(), weights.toString(), "truncated");
    }

    @Test
    void fileCutInsideTheHeader() throws IOException {
        byte[] all = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(all, 40));
        assertMentions(loadFailure(), weights.toString(), "header");
        Files.write(weights, Arrays.copyOf(all, 5));
        assertMentions(loadFailure(), weights.toString(), "8-byte");
    }

    @Test
    void dataOffsetsPastTheEndOfTheFile() throws IOException {
        JsonObject header = RawSafetensors.header(weights);
        byte[] data = RawSafetensors.data(weights);
        JsonObject info = header.getAsJsonObject("visual.class_embedding");
        JsonArray offsets = info.getAsJsonArray("data_offsets");
        long begin = offsets.get(0).getAsLong() + data.length;
        long end = offsets.get(1).getAsLong() + data.length;
        JsonArray moved = new JsonArray();
        moved.add(begin);
        moved.add(end);
        info.add("data_offsets", moved);
        RawSafetensors.write(weights, header, data);
        assertMentions(loadFailure(), weights.toString(), "'visual.class_embedding'", "data_offsets",
                "[" + begin + ", " + end + "]", "past the end");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        RawSafetensors.write(weights, new JsonObject(), new byte[0]);
        byte[] all = Files.readAllBytes(weights);
        byte[] broken = Arrays.copyOf(all, all.length);
        broken[8] = 'x';
        Files.write(weights, broken);
        assertMentions(loadFailure(), weights.toString());
    }

    @Test
    void shardIndexNamingAMissingShard() throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        Files.delete(weights);
        Map<String, RawSafetensors.Tensor> first = new LinkedHashMap<>(tensors);
        RawSafetensors.write(model.resolve("shard-1.safetensors"), first);
        JsonObject map = new JsonObject();
        for (String key : tensors.keySet()) {
            map.addProperty(key, key.startsWith("visual.") ? "shard-1.safetensors" : "shard-2.safetensors");
        }
        JsonObject index = new JsonObject();
        index.add("metadata", new JsonObject());
        index.add("weight_map", map);
        Files.writeString(model.resolve(ModelFolder.WEIGHTS_INDEX_FILE), index.toString(), StandardCharsets.UTF_8);
        assertMentions(loadFailure(), model.resolve("shard-2.safetensors").toString(), "does not exist");
    }
}
