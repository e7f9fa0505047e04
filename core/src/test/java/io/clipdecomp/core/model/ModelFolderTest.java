package io.clipdecomp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
@SuppressWarnings("try") // a model opened only to see whether it loads
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

    /**
     * The message of a model-file error, which must be complete in itself: loading and {@link
     * ModelFolder#verifyWeights()} both refuse the folder, and no library cause is left to be printed after it.
     */
    private String modelFileFailure() {
        WeightFileException loading = assertThrows(WeightFileException.class, () -> {
            try (ClipModel ignored = ClipModel.load(model, Device.cpu())) {
                // loading must fail
            }
        });
        WeightFileException verifying = assertThrows(WeightFileException.class,
                () -> ModelFolder.open(model).verifyWeights());
        assertEquals(loading.getMessage(), verifying.getMessage());
        for (Throwable cause = loading.getCause(); cause != null; cause = cause.getCause()) {
            assertTrue(loading.getMessage().contains(String.valueOf(cause.getMessage())),
                    "a cause whose message is not in ours: " + cause);
        }
        for (String libraryWords : new String[] {"JsonReader", "Strictness", "Input length", "Exception"}) {
            assertFalse(loading.getMessage().contains(libraryWords), loading.getMessage());
        }
        return loading.getMessage();
    }

    /** Replaces {@code from} by {@code to} in the saved config, which must contain it once. */
    private void editConfig(String from, String to) throws IOException {
        Path config = model.resolve(ModelFolder.CONFIG_FILE);
        String json = Files.readString(config, StandardCharsets.UTF_8);
        assertEquals(json.indexOf(from), json.lastIndexOf(from), from + " occurs once in " + json);
        assertTrue(json.contains(from), json);
        Files.writeString(config, json.replace(from, to), StandardCharsets.UTF_8);
    }

    /** Sets one tower's "layers" in the saved config; both towers have 2, the vision tower's comes first. */
    private void setLayers(boolean text, int layers) throws IOException {
        Path config = model.resolve(ModelFolder.CONFIG_FILE);
        String json = Files.readString(config, StandardCharsets.UTF_8);
        String two = "\"layers\": 2";
        int at = text ? json.lastIndexOf(two) : json.indexOf(two);
        Files.writeString(config, json.substring(0, at) + "\"layers\": " + layers + json.substring(at + two.length()),
                StandardCharsets.UTF_8);
    }

    /** Rewrites the weights with one tensor's float32 values replaced. */
    private void setValues(String key, float... values) throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        RawSafetensors.Tensor t = tensors.get(key);
        float[] all = RawSafetensors.f32(t.bytes());
        System.arraycopy(values, 0, all, 0, values.length);
        tensors.put(key, new RawSafetensors.Tensor("F32", t.shape(), RawSafetensors.f32(all)));
        RawSafetensors.write(weights, tensors);
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
    void savedFoldersRecordWhatNoShapeShows() throws IOException {
        JsonObject metadata = RawSafetensors.header(weights).getAsJsonObject("__metadata__");
        assertEquals("8", metadata.get("vision_cfg.head_width").getAsString());
        assertEquals("2", metadata.get("text_cfg.heads").getAsString());
        assertEquals("false", metadata.get("model_cfg.quick_gelu").getAsString());
        assertEquals("pt", metadata.get("format").getAsString());
        ModelFolder.open(model).verifyWeights();
    }

    @Test
    void headWidthOtherThanTheWeightsWereSavedWithIsRefused() throws IOException {
        // in_proj_weight is [3D, D] whatever the head width: 24 = 3 heads of 8 = 2 heads of 12
        editConfig("\"head_width\": 8", "\"head_width\": 12");
        assertMentions(modelFileFailure(), weights.toString(), "vision_cfg.head_width 8", "vision_cfg.head_width 12",
                "2 heads", "__metadata__");
    }

    @Test
    void textHeadsOrActivationOtherThanSavedAreRefused() throws IOException {
        editConfig("\"heads\": 2", "\"heads\": 4");
        assertMentions(modelFileFailure(), weights.toString(), "text_cfg.heads 2", "text_cfg.heads 4");
        editConfig("\"heads\": 4", "\"heads\": 2");
        editConfig("\"quick_gelu\": false", "\"quick_gelu\": true");
        assertMentions(modelFileFailure(), weights.toString(), "model_cfg.quick_gelu false",
                "model_cfg.quick_gelu true");
    }

    @Test
    void foreignWeightsWithoutOurMetadataStillLoad() throws IOException {
        RawSafetensors.write(weights, RawSafetensors.read(weights)); // a header of tensors only, as others write
        assertFalse(RawSafetensors.header(weights).has("__metadata__"));
        try (ClipModel loaded = ClipModel.load(model, Device.cpu())) {
            assertEquals(CONFIG, loaded.config());
        }
    }

    @Test
    void fewerLayersThanTheWeightsHoldIsRefusedNamingTheLastBlock() throws IOException {
        setLayers(false, 1);
        assertEquals(1, ModelFolder.open(model).config().vision().layers());
        assertMentions(modelFileFailure(), weights.toString(), "vision_cfg.layers 1", "holds 2 blocks",
                "'visual.transformer.resblocks.1.", "set vision_cfg.layers to 2");
    }

    @Test
    void moreTextLayersThanTheWeightsHoldIsRefused() throws IOException {
        setLayers(true, 3);
        assertEquals(3, ModelFolder.open(model).config().text().layers());
        assertMentions(modelFileFailure(), weights.toString(), "text_cfg.layers 3", "holds 2 blocks",
                "'transformer.resblocks.1.", "set text_cfg.layers to 2");
    }

    @Test
    void unusedTensorIsRefusedNamingKeyAndShape() throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        tensors.put("visual.extra_head.weight", new RawSafetensors.Tensor("F32", new long[] {4, 2}, new byte[32]));
        RawSafetensors.write(weights, tensors);
        assertMentions(modelFileFailure(), weights.toString(), "'visual.extra_head.weight' [4, 2]", "not part of");
    }

    @Test
    void manyUnusedTensorsAreCounted() throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        for (String key : new String[] {"a", "b", "c", "d", "e"}) {
            tensors.put(key, new RawSafetensors.Tensor("F32", new long[] {1}, new byte[4]));
        }
        RawSafetensors.write(weights, tensors);
        assertMentions(modelFileFailure(), "5 tensors", "'a' [1], 'b' [1], 'c' [1] and 2 more");
    }

    @Test
    void nanOrInfiniteWeightsAreRefusedNamingTheKey() throws IOException {
        float[] nan = new float[24];
        Arrays.fill(nan, Float.NaN);
        setValues("visual.ln_post.weight", nan);
        assertMentions(modelFileFailure(), weights.toString(), "'visual.ln_post.weight'", "24 NaN", "damaged");
        saveAGoodFolder();
        setValues("transformer.resblocks.1.mlp.c_fc.bias", 1f, Float.NEGATIVE_INFINITY, 2f, Float.POSITIVE_INFINITY);
        assertMentions(modelFileFailure(), "'transformer.resblocks.1.mlp.c_fc.bias'", "0 NaN and 2 infinite",
                "first at element 1");
    }

    @Test
    void garbageHeaderIsExplainedInOurWords() throws IOException {
        byte[] all = Files.readAllBytes(weights);
        byte[] garbage = "this is not json at!".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(garbage, 0, all, 8, garbage.length);
        Files.write(weights, all);
        assertMentions(modelFileFailure(), weights.toString(), "safetensors header is not valid JSON",
                "line 1, column 1");
    }

    @Test
    void nonUtf8HeaderIsExplainedInOurWords() throws IOException {
        byte[] all = Files.readAllBytes(weights);
        all[12] = (byte) 0xFF;
        Files.write(weights, all);
        assertMentions(modelFileFailure(), weights.toString(), "not UTF-8", "byte 12");
    }

    @Test
    void configThatIsNotJsonOrNotUtf8NamesTheFile() throws IOException {
        Path config = model.resolve(ModelFolder.CONFIG_FILE);
        Files.writeString(config, "{\"model_cfg\": {\"embed_dim\": 12,", StandardCharsets.UTF_8);
        WeightFileException cut = assertThrows(WeightFileException.class, () -> ModelFolder.open(model));
        assertMentions(cut.getMessage(), config.toString(), "not valid JSON", "ends before");
        Files.write(config, new byte[] {'{', '"', 'x', (byte) 0xE9, '"', ':', '1', '}'});
        WeightFileException latin1 = assertThrows(WeightFileException.class, () -> ModelFolder.open(model));
        assertMentions(latin1.getMessage(), config.toString(), "not UTF-8", "byte 3");
        assertFalse(latin1.getMessage().contains("Input length"), latin1.getMessage());
    }

    @Test
    void shardsThatDisagreeInTheirMetadataAreRefused() throws IOException {
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(weights);
        Files.delete(weights);
        JsonObject map = new JsonObject();
        Map<String, RawSafetensors.Tensor> visual = new LinkedHashMap<>();
        Map<String, RawSafetensors.Tensor> text = new LinkedHashMap<>();
        tensors.forEach((key, t) -> {
            (key.startsWith("visual.") ? visual : text).put(key, t);
            map.addProperty(key, key.startsWith("visual.") ? "a.safetensors" : "b.safetensors");
        });
        writeWithMetadata(model.resolve("a.safetensors"), visual, "8");
        writeWithMetadata(model.resolve("b.safetensors"), text, "12");
        JsonObject index = new JsonObject();
        index.add("weight_map", map);
        Files.writeString(model.resolve(ModelFolder.WEIGHTS_INDEX_FILE), index.toString(), StandardCharsets.UTF_8);
        assertMentions(loadFailure(), model.resolve("b.safetensors").toString(), "'vision_cfg.head_width'", "'12'",
                model.resolve("a.safetensors").toString(), "'8'");
        writeWithMetadata(model.resolve("b.safetensors"), text, "8");
        try (ClipModel loaded = ClipModel.load(model, Device.cpu())) {
            assertEquals(CONFIG, loaded.config());
        }
    }

    /** Writes tensors as one file whose __metadata__ records the given vision head width. */
    private static void writeWithMetadata(Path file, Map<String, RawSafetensors.Tensor> tensors, String headWidth)
            throws IOException {
        RawSafetensors.write(file, tensors);
        JsonObject header = RawSafetensors.header(file);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("vision_cfg.head_width", headWidth);
        header.add("__metadata__", metadata);
        RawSafetensors.write(file, header, RawSafetensors.data(file));
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
