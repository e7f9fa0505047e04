package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.analysis.AblationAccuracies;
import io.clipdecomp.core.analysis.AblationMeans;
import io.clipdecomp.core.analysis.ClassLabels;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.MeanAblation;
import io.clipdecomp.core.io.NpyWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ablate} and {@code textspan} on what {@code decompose}, {@code text-project} and {@code text-set} wrote for
 * a tiny model and a folder of PNGs: the file names, flags, printed lines and JSON keys of the contract.
 */
class AnalysisCommandsIT {
    private static final int L = 2;
    private static final int H = 2;
    private static final String[] TEXTS = {"a red circle", "a blue square", "a green triangle", "a small star",
        "a large circle", "a circle on water", "a square on sand", "a red square", "a blue circle"};

    @TempDir
    static Path shared;
    private static Path work;

    @TempDir
    Path dir;

    /** decompose → text-project → text-set, as the README's walk-through does. */
    @BeforeAll
    static void decompose() throws IOException {
        Path model = CliFixtures.model(shared.resolve("tiny"));
        Path images = shared.resolve("images");
        String[] classes = {"circle", "square", "triangle"};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < 6; i++) {
                CliFixtures.png(images.resolve(classes[c]).resolve(i + ".png"), 20 + i, 18 + c, c * 10L + i);
            }
        }
        work = shared.resolve("out");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "folder",
                "--data-path", images.toString(), "--out-dir", work.toString()).ok();
        Path classnames = Files.writeString(shared.resolve("classes.txt"), String.join("\n", classes) + "\n");
        run("text-project", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "folder",
                "--classnames", classnames.toString(), "--out-dir", work.toString()).ok();
        Path texts = Files.writeString(work.resolve("words.txt"), String.join("\n", TEXTS) + "\n");
        run("text-set", "--model-dir", model.toString(), "--model-name", "tiny", "--texts", texts.toString(),
                "--out-dir", work.toString()).ok();
    }

    @Test
    void ablatePrintsTheFiveLinesAndWritesThemAsJson() throws IOException {
        CliFixtures.Run r = run("ablate", "--input-dir", work.toString(), "--dataset", "folder", "--model-name", "tiny",
                "--out-dir", dir.toString()).ok();
        JsonObject json = json(dir.resolve("folder_ablations_tiny.json"));
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.size(), r.out());
        assertEquals("Baseline: " + json.get("baseline").getAsDouble(), lines.get(0));
        assertEquals("+ MLPs ablation: " + json.get("mlps").getAsDouble(), lines.get(1));
        assertEquals("+ CLS ablation: " + json.get("cls").getAsDouble(), lines.get(2));
        assertEquals("+ MLPs + CLS ablation: " + json.get("mlpsAndCls").getAsDouble(), lines.get(3));
        JsonArray layers = json.getAsJsonArray("attentionLayers");
        assertEquals(L + 1, layers.size());
        assertEquals(json.get("baseline").getAsDouble(), layers.get(0).getAsDouble());
        assertTrue(lines.get(4).startsWith("Attention ablations: [" + layers.get(0).getAsDouble() + ", "), lines.get(4));
        assertEquals(18, json.get("images").getAsLong());
        AblationAccuracies core = coreAblation(work, "folder");
        assertEquals(core.mlpsAndCls(), json.get("mlpsAndCls").getAsDouble());
        assertEquals(core.attentionLayers()[L], layers.get(L).getAsDouble());
    }

    @Test
    void ablateTakesMeansFromAnotherDecompositionWhenAsked() throws IOException {
        // a "training split" whose means differ from the evaluated images' own
        Path other = Files.createDirectories(dir.resolve("train"));
        SplittableRandom random = new SplittableRandom(7);
        int k = 9;
        int d = 8;
        NpyWriter.write(other.resolve("train_attn_tiny.npy"), gaussians(random, k * L * H * d, 0.5), k, L, H, d);
        NpyWriter.write(other.resolve("train_mlp_tiny.npy"), gaussians(random, k * (L + 1) * d, 0.5), k, L + 1, d);
        NpyWriter.write(other.resolve("train_cls_attn_tiny.npy"), gaussians(random, k * L * d, 0.5), k, L, d);
        run("ablate", "--input-dir", work.toString(), "--dataset", "folder", "--model-name", "tiny",
                "--out-dir", dir.toString(), "--means-dir", other.toString(), "--means-dataset", "train").ok();
        JsonObject json = json(dir.resolve("folder_ablations_tiny.json"));
        assertEquals("other", json.get("meansFrom").getAsString());
        try (DecompositionRows rows = DecompositionRows.open(work, "folder", "tiny", true);
             DecompositionRows train = DecompositionRows.open(other, "train", "tiny", true);
             ClassLabels labels = ClassLabels.open(work, "folder", "tiny", rows.rows());
             NDManager manager = NDManager.newBaseManager()) {
            AblationAccuracies want = MeanAblation.evaluate(manager, rows, labels, AblationMeans.of(train),
                    LinearClassifier.read(work.resolve("folder_classifier_tiny.npy")));
            assertEquals(want.mlps(), json.get("mlps").getAsDouble());
            assertEquals(want.attentionLayers()[L], json.getAsJsonArray("attentionLayers").get(L).getAsDouble());
        }
    }

    @Test
    void ablateNamesWhatIsMissing() {
        CliFixtures.Run r = run("ablate", "--input-dir", work.toString(), "--dataset", "shapes", "--model-name", "tiny");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(work.resolve("shapes_classifier_tiny.npy") + ": not found; `text-project` writes it"),
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void textspanWritesTheOriginalsReportAndJson() throws IOException {
        CliFixtures.Run r = run("textspan", "--input-dir", work.toString(), "--dataset", "folder", "--model-name", "tiny",
                "--text-set", "words", "--texts-per-head", "3", "--num-of-last-layers", "1", "--w-ov-rank", "6",
                "--out-dir", dir.toString()).ok();
        JsonObject json = json(dir.resolve("folder_completeness_words_top_3_heads_tiny.json"));
        JsonArray heads = json.getAsJsonArray("heads");
        assertEquals(H, heads.size(), "every head of the last layer");
        List<String> expected = new ArrayList<>();
        Set<String> unique = new HashSet<>();
        for (int h = 0; h < H; h++) {
            JsonObject head = heads.get(h).getAsJsonObject();
            assertEquals(L - 1, head.get("layer").getAsInt());
            assertEquals(h, head.get("head").getAsInt());
            JsonArray indices = head.getAsJsonArray("indices");
            JsonArray texts = head.getAsJsonArray("texts");
            JsonArray variance = head.getAsJsonArray("variance");
            assertEquals(3, indices.size());
            assertEquals(3, variance.size());
            expected.add("------------------");
            expected.add("Layer " + (L - 1) + ", Head " + h);
            expected.add("------------------");
            double explained = 0;
            for (int i = 0; i < 3; i++) {
                assertEquals(TEXTS[indices.get(i).getAsInt()], texts.get(i).getAsString());
                expected.add(texts.get(i).getAsString());
                unique.add(texts.get(i).getAsString());
                explained += variance.get(i).getAsDouble();
            }
            assertTrue(explained > 0 && explained <= 1 + 1e-9, "explained share " + explained);
        }
        double accuracy = json.get("accuracy").getAsDouble();
        expected.add("------------------");
        expected.add("Current accuracy: " + accuracy);
        expected.add("Number of texts: " + unique.size());
        assertEquals(unique.size(), json.get("uniqueTexts").getAsInt());
        assertEquals(String.join("\n", expected), Files.readString(
                dir.resolve("folder_completeness_words_top_3_heads_tiny.txt"), StandardCharsets.UTF_8));
        assertEquals(List.of("Current accuracy: " + accuracy, "Number of texts: " + unique.size()), r.out().lines().toList());
    }

    @Test
    void textspanRefusesATextFileThatDoesNotMatchTheEmbeddings() throws IOException {
        Path input = Files.createDirectories(dir.resolve("in"));
        for (String f : List.of("folder_attn_tiny.npy", "folder_mlp_tiny.npy", "folder_labels_tiny.npy",
                "folder_classifier_tiny.npy", "words_tiny.npy")) {
            Files.copy(work.resolve(f), input.resolve(f));
        }
        Files.writeString(input.resolve("words.txt"), "only\ntwo\n");
        CliFixtures.Run r = run("textspan", "--input-dir", input.toString(), "--dataset", "folder", "--model-name", "tiny",
                "--text-set", "words", "--num-of-last-layers", "1");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("words_tiny.npy has 9 embeddings for 2 texts in words.txt"), r.err());
        assertFalse(Files.exists(input.resolve("folder_completeness_words_top_10_heads_tiny.json")));
    }

    @Test
    void probeHeadsReadsTheShapesScenesTruthAndRefusesAnotherSeed() throws IOException {
        Path model = CliFixtures.model(dir.resolve("tiny"));
        Path out = dir.resolve("shapes");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "shapes", "--count", "40",
                "--seed", "3", "--out-dir", out.toString()).ok();
        CliFixtures.Run r = run("probe-heads", "--input-dir", out.toString(), "--model-name", "tiny", "--count", "40",
                "--seed", "3", "--num-of-last-layers", "1").ok();
        JsonObject json = json(out.resolve("shapes_probes_tiny.json"));
        JsonArray heads = json.getAsJsonArray("heads");
        assertEquals(H, heads.size());
        for (JsonElement e : heads) {
            JsonObject head = e.getAsJsonObject();
            assertEquals(L - 1, head.get("layer").getAsInt());
            JsonObject accuracies = head.getAsJsonObject("accuracies");
            assertEquals(Set.of("shape", "colour", "size", "position", "background"), accuracies.keySet());
            assertEquals(accuracies.get(head.get("best").getAsString()).getAsDouble(), head.get("accuracy").getAsDouble());
        }
        assertEquals(20, json.get("heldOut").getAsInt());
        assertEquals(1 + H, r.out().lines().count(), "a header and a line per head");
        CliFixtures.Run wrong = run("probe-heads", "--input-dir", out.toString(), "--model-name", "tiny", "--count", "40",
                "--seed", "4", "--num-of-last-layers", "1");
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("give the --seed decompose generated the scenes with"), wrong.err());
    }

    private static AblationAccuracies coreAblation(Path in, String dataset) throws IOException {
        try (DecompositionRows rows = DecompositionRows.open(in, dataset, "tiny", true);
             ClassLabels labels = ClassLabels.open(in, dataset, "tiny", rows.rows());
             NDManager manager = NDManager.newBaseManager()) {
            return MeanAblation.evaluate(manager, rows, labels, AblationMeans.of(rows),
                    LinearClassifier.read(in.resolve(dataset + "_classifier_tiny.npy")));
        }
    }

    private static float[] gaussians(SplittableRandom random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    private static JsonObject json(Path file) throws IOException {
        JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        return e.getAsJsonObject();
    }
}
