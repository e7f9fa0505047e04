package io.clipdecomp.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's output, taken apart by hand. */
class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void sortedKeysPaddedHeaderAndLittleEndianData() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafetensorsWriter()
                .add("visual.proj", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .add("attn.in_proj", new float[] {-0.5f}, 1)
                .add("positions", new long[] {7, -8}, 2)
                .add("logit_scale", new float[] {4.5f})
                .write(file);

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        assertEquals(0, headerLength % 8);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"attn.in_proj\":"), header);
        assertTrue(header.stripTrailing().endsWith("}"), header);
        assertTrue(header.length() - header.stripTrailing().length() < 8, header);

        JsonObject json = JsonParser.parseString(header).getAsJsonObject();
        assertEquals(List.of("__metadata__", "attn.in_proj", "logit_scale", "positions", "visual.proj"),
                List.copyOf(json.keySet()));
        assertEquals("pt", json.getAsJsonObject("__metadata__").get("format").getAsString());
        assertEquals("[0,4]", json.getAsJsonObject("attn.in_proj").get("data_offsets").toString());
        assertEquals("[]", json.getAsJsonObject("logit_scale").get("shape").toString());
        assertEquals("[4,8]", json.getAsJsonObject("logit_scale").get("data_offsets").toString());
        assertEquals("I64", json.getAsJsonObject("positions").get("dtype").getAsString());
        assertEquals("[8,24]", json.getAsJsonObject("positions").get("data_offsets").toString());
        assertEquals("[2,3]", json.getAsJsonObject("visual.proj").get("shape").toString());
        assertEquals("[24,48]", json.getAsJsonObject("visual.proj").get("data_offsets").toString());

        int data = 8 + (int) headerLength;
        assertEquals(data + 48, bytes.length);
        assertEquals(-0.5f, buffer.getFloat(data));
        assertEquals(4.5f, buffer.getFloat(data + 4));
        assertEquals(7L, buffer.getLong(data + 8));
        assertEquals(-8L, buffer.getLong(data + 16));
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1f, buffer.getFloat(data + 24 + 4 * i));
        }
    }

    @Test
    void readsBackAndReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "old contents");
        new SafetensorsWriter().add("w", new float[] {0.1f, 0.2f}, 2).metadata("epochs", "3").write(file);
        try (SafetensorsFile store = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {0.1f, 0.2f}, store.readFloats("w"));
            assertEquals("3", store.metadata().get("epochs"));
            assertEquals("pt", store.metadata().get("format"));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left beside the new one");
        }
    }

    @Test
    void rejectsBadTensors() {
        SafetensorsWriter writer = new SafetensorsWriter().add("a", new float[2], 2);
        assertThrows(IllegalArgumentException.class, () -> writer.add("a", new float[2], 2));
        assertThrows(IllegalArgumentException.class, () -> writer.add("b", new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> writer.add("c", new long[0], -1));
        assertThrows(IllegalArgumentException.class, () -> writer.add("__metadata__", new float[1]));
        assertThrows(IllegalArgumentException.class, () -> writer.add("", new float[1]));
    }
}
