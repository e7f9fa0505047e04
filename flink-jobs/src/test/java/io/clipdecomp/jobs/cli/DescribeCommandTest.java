package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.descriptions.DescriptionWorld;
import io.clipdecomp.core.io.NpyArray;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.shapes.Background;
import io.clipdecomp.core.shapes.ObjectSize;
import io.clipdecomp.core.shapes.PngFiles;
import io.clipdecomp.core.shapes.Position;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneObject;
import io.clipdecomp.core.shapes.Shape;
import io.clipdecomp.core.shapes.ShapeColour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clipdecomp describe} on the bundled model, a shapes-world text set and a generated red circle on grass: the
 * JSON's structure, and its overall and per-head texts against the same scores computed plainly here.
 */
class DescribeCommandTest {
    private static final String SET = "shapes_set";
    private static final String MODEL = "shapes-tiny";
    private static final int TEXTS = 300;
    /** float32 forward passes in another batch vs this test's double sums. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path shared;
    private static Path textDir;
    private static Path image;
    private static List<String> texts;
    private static float[] embedding;
    private static float[] headTerms;
    private static ClipConfig config;

    @TempDir
    Path dir;

    @BeforeAll
    static void textSetImageAndPlainForward() throws IOException {
        textDir = shared.resolve("texts");
        Files.createDirectories(textDir);
        texts = DescriptionWorld.SHAPES.texts(TEXTS, 0);
        Path file = Files.write(textDir.resolve(SET + ".txt"), texts);
        run("text-set", "--texts", file.toString(), "--out-dir", textDir.toString()).ok();
        image = shared.resolve("red_circle.png");
        SceneObject circle = new SceneObject(Shape.CIRCLE, ShapeColour.RED, ShapeColour.RED.rgb(), ObjectSize.LARGE,
                Position.CENTER, 32, 32, 16);
        PngFiles.write(SceneGenerator.compose(64, Background.GRASS, 11, List.of(circle), "a large red circle on grass")
                .image(), image);
        Path bundled = Installation.defaultModelDir();
        config = ModelFolder.open(bundled).config();
        ClipImagePreprocessor preprocessor = new ClipImagePreprocessor(config.vision().imageSize(),
                config.preprocess().mean(), config.preprocess().std());
        float[] pixels = preprocessor.toPixels(ImageDecoder.read(image), ColourConversion.BEFORE_RESIZE);
        try (ClipModel clip = ClipModel.load(bundled, Device.cpu()); ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            embedding = decomposer.embed(List.of(pixels))[0]; // the plain forward pass, not the decomposition
            headTerms = decomposer.decompose(List.of(pixels), DecompositionOptions.HEADS).get(0).headTerms();
        }
    }

    /** The text embeddings text-set wrote, each normalised again in double. */
    private static double[][] textRows() throws IOException {
        float[] values = NpyArray.read(textDir.resolve(SET + "_" + MODEL + ".npy")).floats();
        int d = config.embedDim();
        double[][] rows = new double[TEXTS][d];
        for (int m = 0; m < TEXTS; m++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                rows[m][j] = values[m * d + j];
                norm += rows[m][j] * rows[m][j];
            }
            for (int j = 0; j < d; j++) {
                rows[m][j] /= Math.sqrt(norm);
            }
        }
        return rows;
    }

    /** Indices of the {@code top} largest scores among {@code candidates}, with their scores. */
    private static List<double[]> best(double[] scores, List<Integer> candidates, int top) {
        List<double[]> all = new ArrayList<>();
        for (int m : candidates) {
            all.add(new double[] {m, scores[m]});
        }
        all.sort((a, b) -> Double.compare(b[1], a[1]));
        return all.subList(0, Math.min(top, all.size()));
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    private static double[] headScores(double[][] rows, int layer, int head) {
        int d = config.embedDim();
        int from = (layer * config.vision().heads() + head) * d;
        double[] scores = new double[rows.length];
        for (int m = 0; m < rows.length; m++) {
            for (int j = 0; j < d; j++) {
                scores[m] += headTerms[from + j] * rows[m][j];
            }
        }
        return scores;
    }

    private static void assertTexts(List<double[]> expected, JsonArray actual, String scoreKey, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int r = 0; r < expected.size(); r++) {
            JsonObject t = actual.get(r).getAsJsonObject();
            int m = (int) expected.get(r)[0];
            assertEquals(r + 1, t.get("rank").getAsInt());
            assertEquals(m, t.get("index").getAsInt(), what + " rank " + (r + 1));
            assertEquals(texts.get(m), t.get("text").getAsString());
            assertEquals(expected.get(r)[1], t.get(scoreKey).getAsDouble(), TOLERANCE, what + " rank " + (r + 1));
        }
    }

    private CliFixtures.Run describe(String... more) {
        List<String> args = new ArrayList<>(List.of("describe", "--image", image.toString(), "--text-set", SET,
                "--text-dir", textDir.toString(), "--out-dir", dir.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private JsonObject result() throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("red_circle_description_" + MODEL + ".json")))
                .getAsJsonObject();
    }

    @Test
    void overTheWholeSetOverallAndPerHeadTextsAreThePlainScores() throws IOException {
        CliFixtures.Run r = describe("--top", "6").ok();
        JsonObject result = result();
        assertEquals("text-set", result.get("projection").getAsString());
        assertEquals(TEXTS, result.get("texts").getAsInt());
        assertFalse(result.has("textSpan"));
        double[][] rows = textRows();
        double norm = 0;
        for (float x : embedding) {
            norm += (double) x * x;
        }
        double[] cosines = new double[TEXTS];
        for (int m = 0; m < TEXTS; m++) {
            for (int j = 0; j < embedding.length; j++) {
                cosines[m] += embedding[j] * rows[m][j] / Math.sqrt(norm);
            }
        }
        assertTexts(best(cosines, range(TEXTS), 6), result.getAsJsonArray("overall"), "cosine", "overall");
        // the bundled model has 4 layers of 4 heads: the default last 4 layers are all of them
        JsonArray heads = result.getAsJsonArray("heads");
        assertEquals(16, heads.size());
        for (int k = 0; k < 16; k++) {
            JsonObject head = heads.get(k).getAsJsonObject();
            int l = k / 4;
            int h = k % 4;
            assertEquals(l, head.get("layer").getAsInt());
            assertEquals(h, head.get("head").getAsInt());
            assertFalse(head.has("spanShare"));
            JsonArray top = head.getAsJsonArray("texts");
            assertTexts(best(headScores(rows, l, h), range(TEXTS), 6), top, "score", "head " + l + "." + h);
            assertFalse(top.get(0).getAsJsonObject().has("coefficient"));
        }
        String report = Files.readString(dir.resolve("red_circle_description_" + MODEL + ".txt"));
        assertEquals(report, r.out());
        assertTrue(report.contains("Layer 3, Head 3"), report);
        JsonObject first = result.getAsJsonArray("overall").get(0).getAsJsonObject();
        assertTrue(report.contains(first.get("text").getAsString()), report);
    }

    @Test
    void withTextSpanEachHeadIsProjectedOntoItsOwnTexts() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        Map<String, List<Integer>> picks = new LinkedHashMap<>();
        List<Map<String, Object>> heads = new ArrayList<>();
        for (int l = 2; l < 4; l++) {
            for (int h = 0; h < 4; h++) {
                Set<Integer> chosen = new HashSet<>();
                List<Integer> indices = new ArrayList<>();
                while (indices.size() < 7) {
                    int m = random.nextInt(TEXTS);
                    if (chosen.add(m)) {
                        indices.add(m);
                    }
                }
                picks.put(l + "." + h, indices);
                Map<String, Object> head = new LinkedHashMap<>();
                head.put("layer", l);
                head.put("head", h);
                head.put("indices", indices);
                head.put("texts", indices.stream().map(texts::get).toList());
                heads.add(head);
            }
        }
        Path spans = Files.writeString(dir.resolve("spans.json"), new Gson().toJson(Map.of("heads", heads)));
        describe("--textspan", spans.toString(), "--top", "4").ok();
        JsonObject result = result();
        assertEquals("textspan", result.get("projection").getAsString());
        double[][] rows = textRows();
        JsonArray described = result.getAsJsonArray("heads");
        assertEquals(8, described.size());
        for (int k = 0; k < 8; k++) {
            JsonObject head = described.get(k).getAsJsonObject();
            String key = head.get("layer").getAsInt() + "." + head.get("head").getAsInt();
            List<Integer> indices = picks.get(key);
            assertEquals(7, head.get("textSpanTexts").getAsInt());
            double share = head.get("spanShare").getAsDouble();
            assertTrue(share >= 0 && share <= 1 + 1e-9, key + " share " + share);
            JsonArray top = head.getAsJsonArray("texts");
            assertTexts(best(headScores(rows, head.get("layer").getAsInt(), head.get("head").getAsInt()), indices, 4),
                    top, "score", "head " + key);
            for (int i = 0; i < top.size(); i++) {
                JsonObject t = top.get(i).getAsJsonObject();
                if (t.get("index").getAsInt() == indices.get(0)) {
                    // the first pick's direction is its own text: coefficient and score agree
                    assertEquals(t.get("score").getAsDouble(), t.get("coefficient").getAsDouble(), 1e-9);
                }
                assertTrue(t.has("coefficient"));
            }
        }
        describe("--textspan", spans.toString(), "--num-of-last-layers", "1").ok();
        assertEquals(4, result().getAsJsonArray("heads").size());
        CliFixtures.Run uncovered = describe("--textspan", spans.toString(), "--num-of-last-layers", "3");
        assertEquals(1, uncovered.exit());
        assertTrue(uncovered.err().contains("no texts for head 1.0"), uncovered.err());
    }

    @Test
    void aTextSpanFileOfAnotherTextSetIsRefused() throws IOException {
        Path spans = Files.writeString(dir.resolve("other.json"),
                "{\"heads\": [{\"layer\": 3, \"head\": 0, \"indices\": [0], \"texts\": [\"no such text\"]}]}");
        CliFixtures.Run r = describe("--textspan", spans.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("layer 3 head 0") && r.err().contains("text set"), r.err());
    }
}
