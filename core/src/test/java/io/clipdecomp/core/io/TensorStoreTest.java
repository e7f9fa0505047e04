package io.clipdecomp.core.io;

import static io.clipdecomp.core.io.SafetensorsFileTest.floats;
import static io.clipdecomp.core.io.SafetensorsFileTest.littleEndian;
import static io.clipdecomp.core.io.SafetensorsFileTest.safetensors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Opening a model folder: one file, or a Hugging Face index with shards. */
class TensorStoreTest {
    @TempDir
    Path dir;

    private static void assertFailsNaming(Executable open, String... fragments) {
        WeightFileException error = assertThrows(WeightFileException.class, open);
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment), "'" + fragment + "' not in: " + error.getMessage());
        }
    }

    private void writeShards() throws IOException {
        safetensors(dir.resolve("model-00001-of-00002.safetensors"),
                "{\"visual.proj\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"visual.unlisted\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                floats(1.5f, -1f, 99f));
        safetensors(dir.resolve("model-00002-of-00002.safetensors"),
                "{\"logit_scale\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[0,2]},"
                        + "\"ids\":{\"dtype\":\"I64\",\"shape\":[1,2],\"data_offsets\":[2,18]}}",
                concat(littleEndian(2, 0x4080), littleEndian(8, 3, 4)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Path writeIndex(String weightMap) throws IOException {
        Path index = dir.resolve(TensorStore.INDEX_FILE);
        Files.writeString(index, "{\"metadata\": {\"total_size\": 30}, \"weight_map\": {" + weightMap + "}}");
        return index;
    }

    @Test
    void singleFileFolder() throws IOException {
        Path file = safetensors(dir.resolve(TensorStore.SINGLE_FILE),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(2));
        try (TensorStore store = TensorStore.openFolder(dir)) {
            assertInstanceOf(SafetensorsFile.class, store);
            assertEquals(file, store.fileOf("a"));
            assertArrayEquals(new float[] {2}, store.readFloats("a"));
        }
    }

    @Test
    void shardedFolderReadsEachTensorFromItsShard() throws IOException {
        writeShards();
        writeIndex("\"visual.proj\": \"model-00001-of-00002.safetensors\","
                + " \"logit_scale\": \"model-00002-of-00002.safetensors\","
                + " \"ids\": \"model-00002-of-00002.safetensors\"");
        try (TensorStore store = TensorStore.openFolder(dir)) {
            assertInstanceOf(ShardedSafetensors.class, store);
            // The index decides which tensors exist: visual.unlisted is not in it.
            assertEquals(List.of("ids", "logit_scale", "visual.proj"), List.copyOf(store.names()));
            assertArrayEquals(new float[] {1.5f, -1f}, store.readFloats("visual.proj"));
            assertArrayEquals(new float[] {4f}, store.readFloats("logit_scale"));
            assertArrayEquals(new long[0], store.shape("logit_scale"));
            assertEquals("BF16", store.dtype("logit_scale"));
            assertArrayEquals(new long[] {3, 4}, store.readLongs("ids"));
            assertEquals(dir.resolve("model-00002-of-00002.safetensors").toAbsolutePath(),
                    store.fileOf("ids").toAbsolutePath());
            Path index = dir.resolve(TensorStore.INDEX_FILE);
            assertFailsNaming(() -> store.readFloats("visual.unlisted"), index.toString(), "'visual.unlisted'");
            assertFailsNaming(() -> store.shape("missing"), index.toString(), "'missing'");
        }
    }

    @Test
    void missingShardFileNamesIndexShardAndKey() throws IOException {
        writeShards();
        Path index = writeIndex("\"visual.proj\": \"model-00001-of-00002.safetensors\","
                + " \"text.proj\": \"model-00003-of-00003.safetensors\"");
        assertFailsNaming(() -> TensorStore.openFolder(dir), index.toString(), "model-00003-of-00003.safetensors",
                "'text.proj'", "does not exist");
    }

    @Test
    void keyAbsentFromItsShard() throws IOException {
        writeShards();
        Path index = writeIndex("\"ids\": \"model-00001-of-00002.safetensors\"");
        assertFailsNaming(() -> TensorStore.openFolder(dir), index.toString(), "'ids'",
                "model-00001-of-00002.safetensors");
    }

    @Test
    void badIndexes() throws IOException {
        writeShards();
        Path index = dir.resolve(TensorStore.INDEX_FILE);
        Files.writeString(index, "{\"metadata\": {}}");
        assertFailsNaming(() -> TensorStore.openFolder(dir), index.toString(), "weight_map");
        Files.writeString(index, "{\"weight_map\": {\"a\": 3}}");
        assertFailsNaming(() -> TensorStore.openFolder(dir), index.toString(), "'a'");
        Files.writeString(index, "{\"weight_map\": {\"a\": \"../elsewhere.safetensors\"}}");
        assertFailsNaming(() -> TensorStore.openFolder(dir), index.toString(), "'a'", "not a file inside");
        Files.writeString(index, "{\"weight_map\": ");
        assertFailsNaming(() -> TensorStore.openFolder(dir), index.toString(), "not valid JSON");
    }

    @Test
    void brokenShardIsReportedWithItsName() throws IOException {
        Path shard = dir.resolve("model-00001-of-00001.safetensors");
        Files.write(shard, new byte[3]);
        writeIndex("\"a\": \"model-00001-of-00001.safetensors\"");
        assertFailsNaming(() -> TensorStore.openFolder(dir), shard.getFileName().toString(), "shorter");
    }

    @Test
    void folderWithoutWeights() throws IOException {
        assertFailsNaming(() -> TensorStore.openFolder(dir), dir.toString(), TensorStore.SINGLE_FILE,
                TensorStore.INDEX_FILE);
        assertFailsNaming(() -> TensorStore.openFolder(dir.resolve("absent")), "absent", "does not exist");
    }
}
