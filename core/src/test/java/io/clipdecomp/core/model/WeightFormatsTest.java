package io.clipdecomp.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.clipdecomp.core.decompose.ImageDecomposer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same weights stored as F32, F16, BF16 or sharded give the same model: F32 and sharded exactly the model
 * that was saved, F16 and BF16 exactly a model whose weights were rounded to those types in memory.
 */
class WeightFormatsTest {
    private static final ClipConfig CONFIG = TestModels.tiny();

    @TempDir
    Path dir;
    private Path saved;
    private Map<String, float[]> original;

    @BeforeEach
    void saveF32() throws IOException {
        saved = dir.resolve("f32");
        original = new LinkedHashMap<>();
        try (ClipWeights w = ClipWeights.random(CONFIG, 3, NDManager.newBaseManager())) {
            ModelFolder.save(saved, w, null);
            for (Map.Entry<String, NDArray> e : w.asMap().entrySet()) {
                original.put(e.getKey(), e.getValue().toFloatArray());
            }
        }
    }

    /** A folder with the saved config and the given weight files. */
    private Path folderWithConfig(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.copy(saved.resolve(ModelFolder.CONFIG_FILE), folder.resolve(ModelFolder.CONFIG_FILE));
        return folder;
    }

    /** Embeddings of two images and two texts by a model. */
    private static float[][] outputs(ClipModel model) {
        List<float[]> pixels = List.of(TestModels.pixels(CONFIG, 1), TestModels.pixels(CONFIG, 2));
        int ctx = CONFIG.text().contextLength();
        long eot = CONFIG.text().vocabSize() - 1;
        long[][] ids = {new long[ctx], new long[ctx]};
        long[] first = {eot - 1, 5, 9, 13, eot};
        long[] second = {eot - 1, 30, eot};
        System.arraycopy(first, 0, ids[0], 0, first.length);
        System.arraycopy(second, 0, ids[1], 0, second.length);
        try (ImageDecomposer decomposer = new ImageDecomposer(model); NDManager batch = model.newBatchManager()) {
            float[][] images = decomposer.embed(pixels);
            return new float[][] {images[0], images[1], model.text().encode(batch, ids).toFloatArray()};
        }
    }

    private static float[][] load(Path folder) throws IOException {
        try (ClipModel model = ClipModel.load(folder, Device.cpu())) {
            return outputs(model);
        }
    }

    /** A model in memory whose every weight is {@code round} applied to the original float bits. */
    private float[][] rounded(IntUnaryOperator toBits, IntFunction<Float> fromBits) {
        NDManager manager = NDManager.newBaseManager();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : OpenClipKeys.expectedShapes(CONFIG).entrySet()) {
            float[] values = original.get(e.getKey()).clone();
            for (int i = 0; i < values.length; i++) {
                values[i] = fromBits.apply(toBits.applyAsInt(Float.floatToRawIntBits(values[i])));
            }
            arrays.put(e.getKey(), manager.create(values).reshape(new Shape(e.getValue())));
        }
        try (ClipModel model = ClipModel.of(ClipWeights.of(CONFIG, manager, arrays))) {
            return outputs(model);
        }
    }

    private float[][] inMemoryOriginal() {
        try (ClipModel model = ClipModel.random(CONFIG, 3, Device.cpu())) {
            return outputs(model);
        }
    }

    /** Rewrites the saved weights with every tensor converted to 16-bit patterns of {@code dtype}. */
    private Path sixteenBitFolder(String dtype, IntUnaryOperator toBits) throws IOException {
        Path folder = folderWithConfig(dtype);
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(saved.resolve(ModelFolder.WEIGHTS_FILE));
        Map<String, RawSafetensors.Tensor> converted = new LinkedHashMap<>();
        for (Map.Entry<String, RawSafetensors.Tensor> e : tensors.entrySet()) {
            assertEquals("F32", e.getValue().dtype());
            float[] values = RawSafetensors.f32(e.getValue().bytes());
            int[] bits = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = toBits.applyAsInt(Float.floatToRawIntBits(values[i]));
            }
            converted.put(e.getKey(), new RawSafetensors.Tensor(dtype, e.getValue().shape(), RawSafetensors.u16(bits)));
        }
        RawSafetensors.write(folder.resolve(ModelFolder.WEIGHTS_FILE), converted);
        return folder;
    }

    private static void assertSame(float[][] expected, float[][] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], what + " output " + i);
        }
    }

    @Test
    void theRandomWeightsAreReproducibleSoTheyCanBeCompared() {
        assertSame(inMemoryOriginal(), inMemoryOriginal(), "same seed");
    }

    @Test
    void f32FileGivesTheSavedModelExactly() throws IOException {
        assertSame(inMemoryOriginal(), load(saved), "F32");
    }

    @Test
    void shardedCheckpointGivesTheSavedModelExactly() throws IOException {
        Path folder = folderWithConfig("sharded");
        Map<String, RawSafetensors.Tensor> tensors = RawSafetensors.read(saved.resolve(ModelFolder.WEIGHTS_FILE));
        Map<String, RawSafetensors.Tensor> first = new LinkedHashMap<>();
        Map<String, RawSafetensors.Tensor> second = new LinkedHashMap<>();
        JsonObject weightMap = new JsonObject();
        int k = 0;
        for (Map.Entry<String, RawSafetensors.Tensor> e : tensors.entrySet()) {
            boolean inFirst = k++ % 2 == 0;
            (inFirst ? first : second).put(e.getKey(), e.getValue());
            weightMap.addProperty(e.getKey(), inFirst ? "model-00001-of-00002.safetensors"
                    : "model-00002-of-00002.safetensors");
        }
        RawSafetensors.write(folder.resolve("model-00001-of-00002.safetensors"), first);
        RawSafetensors.write(folder.resolve("model-00002-of-00002.safetensors"), second);
        JsonObject index = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("total_size", Files.size(saved.resolve(ModelFolder.WEIGHTS_FILE)));
        index.add("metadata", metadata);
        index.add("weight_map", weightMap);
        Files.writeString(folder.resolve(ModelFolder.WEIGHTS_INDEX_FILE), index.toString(), StandardCharsets.UTF_8);

        ModelFolder opened = ModelFolder.open(folder);
        assertEquals(folder.resolve(ModelFolder.WEIGHTS_INDEX_FILE), opened.weights());
        assertFalse(first.isEmpty() || second.isEmpty());
        assertSame(inMemoryOriginal(), load(folder), "sharded");
    }

    @Test
    void f16FileGivesTheModelRoundedToF16() throws IOException {
        IntUnaryOperator toF16 = bits -> RawSafetensors.toFloat16(Float.intBitsToFloat(bits));
        Path folder = sixteenBitFolder("F16", toF16);
        float[][] expected = rounded(toF16, RawSafetensors::fromFloat16);
        assertSame(expected, load(folder), "F16");
        assertRoundingChangedSomething(expected);
    }

    @Test
    void bf16FileGivesTheModelRoundedToBf16() throws IOException {
        IntUnaryOperator toBf16 = bits -> RawSafetensors.toBFloat16(Float.intBitsToFloat(bits));
        Path folder = sixteenBitFolder("BF16", toBf16);
        float[][] expected = rounded(toBf16, RawSafetensors::fromBFloat16);
        assertSame(expected, load(folder), "BF16");
        assertRoundingChangedSomething(expected);
    }

    /** The rounded model must differ from the original, or the 16-bit comparisons would prove nothing. */
    private void assertRoundingChangedSomething(float[][] rounded) {
        float[][] exact = inMemoryOriginal();
        boolean differs = false;
        for (int i = 0; i < exact.length; i++) {
            differs |= !Arrays.equals(exact[i], rounded[i]);
            for (int j = 0; j < exact[i].length; j++) {
                assertTrue(Math.abs(exact[i][j] - rounded[i][j]) < 0.05 * (1 + Math.abs(exact[i][j])),
                        "rounded weights stay close: " + exact[i][j] + " vs " + rounded[i][j]);
            }
        }
        assertTrue(differs);
    }

    /** Hand-worked bit patterns, so that the test's converters are checked against the formats themselves. */
    @Test
    void testConvertersMatchKnownPatterns() {
        assertEquals(0x3C00, RawSafetensors.toFloat16(1f));
        assertEquals(0xC000, RawSafetensors.toFloat16(-2f));
        assertEquals(0x7BFF, RawSafetensors.toFloat16(65504f));
        assertEquals(0x7C00, RawSafetensors.toFloat16(65520f)); // halfway to 2^16 rounds to even: infinity
        assertEquals(0x2E66, RawSafetensors.toFloat16(0.1f));
        assertEquals(0x0400, RawSafetensors.toFloat16(0x1p-14f)); // smallest normal
        assertEquals(0x0002, RawSafetensors.toFloat16(1e-7f)); // 1e-7 / 2^-24 = 1.68: subnormal 2
        assertEquals(0x0000, RawSafetensors.toFloat16(0x1p-25f)); // tie between 0 and 2^-24: even, 0
        assertEquals(0x3C00, RawSafetensors.toFloat16(1f + 0x1p-11f)); // tie: even
        assertEquals(0x3C02, RawSafetensors.toFloat16(1f + 3 * 0x1p-11f)); // tie: even, up
        assertEquals(1f, RawSafetensors.fromFloat16(0x3C00));
        assertEquals(-0.099975586f, RawSafetensors.fromFloat16(0xAE66));
        assertEquals(0x1p-24f, RawSafetensors.fromFloat16(0x0001));
        assertEquals(65504f, RawSafetensors.fromFloat16(0x7BFF));
        assertEquals(0x3F80, RawSafetensors.toBFloat16(1f));
        assertEquals(0x4049, RawSafetensors.toBFloat16((float) Math.PI));
        assertEquals(0x3F80, RawSafetensors.toBFloat16(1f + 0x1p-8f));
        assertEquals(0x3F82, RawSafetensors.toBFloat16(1f + 3 * 0x1p-8f));
        assertEquals(3.140625f, RawSafetensors.fromBFloat16(0x4049));
    }
}
