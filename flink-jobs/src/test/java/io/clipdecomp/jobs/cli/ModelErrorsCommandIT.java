package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.model.ModelFolder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled model damaged in the ways a user meets (a config edited against its weights, a garbage or non-UTF-8
 * weights header, an extra, missing or NaN tensor, a broken tokenizer.json): each command stops with exit 1 and
 * one line naming the file and saying what is wrong, with no stack trace, no library advice and no --skip-bad
 * hint, before touching the results an earlier run left in the output folder.
 */
class ModelErrorsCommandIT {
    private static final String NAME = "shapes-tiny";
    /** What library messages and stack traces look like; none of it may reach the user. */
    private static final List<String> NOT_OURS = List.of("\tat ", "Exception", "JsonReader", "Strictness",
            "Input length", "--skip-bad", "EOF while parsing");

    @TempDir
    static Path shared;
    private static Path images;
    private static Path texts;
    /** The good results of each command, by file name. */
    private static Map<String, byte[]> decomposed;
    private static Map<String, byte[]> textSet;

    @TempDir
    Path dir;

    @BeforeAll
    static void goodResults() throws IOException {
        images = shared.resolve("images");
        CliFixtures.png(images.resolve("cat/a.png"), 64, 64, 1);
        CliFixtures.png(images.resolve("cat/b.png"), 70, 50, 2);
        CliFixtures.png(images.resolve("dog/c.png"), 40, 80, 3);
        Path out = shared.resolve("decomposed");
        run("decompose", "--model-dir", bundled().toString(), "--data-path", images.toString(), "--out-dir",
                out.toString()).ok();
        decomposed = contents(out);
        assertEquals(6, decomposed.size(), decomposed.keySet().toString());
        texts = shared.resolve("texts.txt");
        Files.writeString(texts, "a photo of a circle.\na photo of a red object.\n", StandardCharsets.UTF_8);
        Path textOut = shared.resolve("texts");
        run("text-set", "--model-dir", bundled().toString(), "--texts", texts.toString(), "--out-dir",
                textOut.toString()).ok();
        textSet = contents(textOut);
        assertEquals(List.of("texts_shapes-tiny.npy"), List.copyOf(textSet.keySet()));
    }

    private static Path bundled() {
        return Installation.defaultModelDir();
    }

    /** Every entry of a folder, hidden ones included, with its bytes (sub-folders fail the test). */
    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.toList()) {
                assertTrue(Files.isRegularFile(p), p + " is not a file");
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** A folder holding the given results, for one run to fail against. */
    private Path resultsCopy(Map<String, byte[]> results) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        for (Map.Entry<String, byte[]> e : results.entrySet()) {
            Files.write(out.resolve(e.getKey()), e.getValue());
        }
        return out;
    }

    private static void assertUnchanged(Map<String, byte[]> expected, Path out) throws IOException {
        Map<String, byte[]> now = contents(out);
        assertEquals(expected.keySet(), now.keySet(), "files in " + out);
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), now.get(name), name + " was changed");
        }
    }

    /** A copy of the bundled model folder, to damage. */
    private Path copyOfTheBundledModel() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("model"));
        try (Stream<Path> files = Files.list(bundled())) {
            for (Path p : files.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        return copy;
    }

    private static void editConfig(Path model, String from, String to) throws IOException {
        Path config = model.resolve(ModelFolder.CONFIG_FILE);
        String json = Files.readString(config, StandardCharsets.UTF_8);
        int at = json.indexOf(from);
        assertTrue(at >= 0, from + " in " + json);
        Files.writeString(config, json.substring(0, at) + to + json.substring(at + from.length()),
                StandardCharsets.UTF_8);
    }

    /** The one line of stderr that is the command's message; asserts that nothing else is an error or a trace. */
    private static String theOneMessage(String command, CliFixtures.Run r) {
        assertEquals(1, r.exit(), "exit status; stderr:\n" + r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("clipdecomp " + command + ":")).toList();
        assertEquals(1, lines.size(), "one message in:\n" + r.err());
        for (String notOurs : NOT_OURS) {
            assertFalse(r.err().contains(notOurs), "'" + notOurs + "' on stderr:\n" + r.err());
        }
        return lines.get(0);
    }

    /** Runs decompose on a damaged model into a copy of good results; returns its message after the checks. */
    private String decomposeFails(Path model, String... mentions) throws IOException {
        Path out = resultsCopy(decomposed);
        CliFixtures.Run r = run("decompose", "--model-dir", model.toString(), "--model-name", NAME,
                "--data-path", images.toString(), "--out-dir", out.toString());
        String message = theOneMessage("decompose", r);
        for (String part : mentions) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
        assertUnchanged(decomposed, out);
        return message;
    }

    /** The weights header as JSON and the data buffer after it. */
    private record Weights(JsonObject header, byte[] data) {
        static Weights read(Path file) throws IOException {
            byte[] all = Files.readAllBytes(file);
            int length = (int) ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonObject header = JsonParser.parseString(new String(all, 8, length, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            return new Weights(header, Arrays.copyOfRange(all, 8 + length, all.length));
        }

        void write(Path file) throws IOException {
            byte[] text = header.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(8 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            Files.write(file, out.putLong(text.length).put(text).put(data).array());
        }

        long[] offsets(String key) {
            JsonArray o = header.getAsJsonObject(key).getAsJsonArray("data_offsets");
            return new long[] {o.get(0).getAsLong(), o.get(1).getAsLong()};
        }
    }

    @Test
    void headWidthAgainstTheWeights() throws IOException {
        Path model = copyOfTheBundledModel();
        editConfig(model, "\"head_width\": 24", "\"head_width\": 32");
        decomposeFails(model, model.resolve(ModelFolder.WEIGHTS_FILE).toString(), "vision_cfg.head_width 24",
                "vision_cfg.head_width 32", "3 heads");
    }

    @Test
    void visionLayersAgainstTheWeights() throws IOException {
        Path model = copyOfTheBundledModel();
        editConfig(model, "\"layers\": 4", "\"layers\": 2");
        decomposeFails(model, model.resolve(ModelFolder.WEIGHTS_FILE).toString(), "vision_cfg.layers 2",
                "holds 4 blocks", "visual.transformer.resblocks.3");
    }

    @Test
    void textLayersAgainstTheWeights() throws IOException {
        Path model = copyOfTheBundledModel();
        editConfig(model, "\"layers\": 2", "\"layers\": 1");
        decomposeFails(model, model.resolve(ModelFolder.WEIGHTS_FILE).toString(), "text_cfg.layers 1",
                "holds 2 blocks", "'transformer.resblocks.1.");
    }

    @Test
    void garbageWeightsHeader() throws IOException {
        Path model = copyOfTheBundledModel();
        Path weights = model.resolve(ModelFolder.WEIGHTS_FILE);
        byte[] all = Files.readAllBytes(weights);
        byte[] garbage = "this is not json at!".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(garbage, 0, all, 8, garbage.length);
        Files.write(weights, all);
        decomposeFails(model, weights.toString(), "safetensors header is not valid JSON");
    }

    @Test
    void nonUtf8WeightsHeader() throws IOException {
        Path model = copyOfTheBundledModel();
        Path weights = model.resolve(ModelFolder.WEIGHTS_FILE);
        byte[] all = Files.readAllBytes(weights);
        all[12] = (byte) 0xFF;
        Files.write(weights, all);
        decomposeFails(model, weights.toString(), "not UTF-8", "byte 12");
    }

    @Test
    void extraTensor() throws IOException {
        Path model = copyOfTheBundledModel();
        Path file = model.resolve(ModelFolder.WEIGHTS_FILE);
        Weights w = Weights.read(file);
        JsonObject info = new JsonObject();
        info.addProperty("dtype", "F32");
        JsonArray shape = new JsonArray();
        shape.add(4);
        info.add("shape", shape);
        JsonArray offsets = new JsonArray();
        offsets.add(w.data().length);
        offsets.add(w.data().length + 16);
        info.add("data_offsets", offsets);
        w.header().add("visual.extra_head.weight", info);
        new Weights(w.header(), Arrays.copyOf(w.data(), w.data().length + 16)).write(file);
        decomposeFails(model, file.toString(), "'visual.extra_head.weight' [4]", "not part of");
    }

    @Test
    void missingTensor() throws IOException {
        Path model = copyOfTheBundledModel();
        Path file = model.resolve(ModelFolder.WEIGHTS_FILE);
        Weights w = Weights.read(file);
        String key = "visual.ln_post.bias";
        long[] cut = w.offsets(key);
        w.header().remove(key);
        long gap = cut[1] - cut[0];
        for (Map.Entry<String, JsonElement> e : w.header().entrySet()) {
            if (!e.getKey().equals("__metadata__") && w.offsets(e.getKey())[0] >= cut[1]) {
                long[] o = w.offsets(e.getKey());
                JsonArray moved = new JsonArray();
                moved.add(o[0] - gap);
                moved.add(o[1] - gap);
                e.getValue().getAsJsonObject().add("data_offsets", moved);
            }
        }
        byte[] data = new byte[w.data().length - (int) gap];
        System.arraycopy(w.data(), 0, data, 0, (int) cut[0]);
        System.arraycopy(w.data(), (int) cut[1], data, (int) cut[0], data.length - (int) cut[0]);
        new Weights(w.header(), data).write(file);
        decomposeFails(model, file.toString(), "'visual.ln_post.bias' is missing", "[96]");
    }

    @Test
    void nanTensor() throws IOException {
        Path model = copyOfTheBundledModel();
        Path file = model.resolve(ModelFolder.WEIGHTS_FILE);
        Weights w = Weights.read(file);
        long[] at = w.offsets("visual.ln_post.weight");
        ByteBuffer data = ByteBuffer.wrap(w.data()).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = at[0]; i < at[1]; i += 4) {
            data.putFloat((int) i, Float.NaN);
        }
        w.write(file);
        decomposeFails(model, file.toString(), "'visual.ln_post.weight'", "96 NaN");
    }

    @Test
    void unparseableConfig() throws IOException {
        Path model = copyOfTheBundledModel();
        Files.writeString(model.resolve(ModelFolder.CONFIG_FILE), "{\"model_cfg\": {\"embed_dim\": 64,",
                StandardCharsets.UTF_8);
        decomposeFails(model, model.resolve(ModelFolder.CONFIG_FILE).toString(), "not valid JSON");
    }

    @Test
    void unparseableTokenizerJson() throws IOException {
        Path model = copyOfTheBundledModel();
        Path tokenizer = model.resolve(ModelFolder.TOKENIZER_FILE);
        Files.writeString(tokenizer, "{\"model\": {\"type\": \"BPE\", \"vocab\": \n", StandardCharsets.UTF_8);
        Path out = resultsCopy(textSet);
        String message = theOneMessage("text-set", run("text-set", "--model-dir", model.toString(), "--model-name",
                NAME, "--texts", texts.toString(), "--out-dir", out.toString()));
        assertTrue(message.contains(tokenizer.toString()) && message.contains("not valid JSON"), message);
        assertUnchanged(textSet, out);
        Path classes = Files.writeString(dir.resolve("classes.txt"), "circle\nsquare\n", StandardCharsets.UTF_8);
        String projecting = theOneMessage("text-project", run("text-project", "--model-dir", model.toString(),
                "--classnames", classes.toString(), "--out-dir", out.toString()));
        assertTrue(projecting.contains(tokenizer.toString()), projecting);
        assertUnchanged(textSet, out);
    }

    @Test
    void damagedWeightsLeaveEarlierTextEmbeddingsAlone() throws IOException {
        Path model = copyOfTheBundledModel();
        editConfig(model, "\"layers\": 4", "\"layers\": 2");
        Path out = resultsCopy(textSet);
        String message = theOneMessage("text-set", run("text-set", "--model-dir", model.toString(), "--model-name",
                NAME, "--texts", texts.toString(), "--out-dir", out.toString()));
        assertTrue(message.contains("vision_cfg.layers 2"), message);
        assertUnchanged(textSet, out);
    }
}
