package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.floats;
import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import io.clipdecomp.core.text.ZeroShotClassifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code text-set} and {@code text-project} end to end on a tiny model with the shapes tokenizer. */
class TextCommandsTest {
    private static final int D = 8;
    /** Float32 rounding of a normalisation done in double, then compared in double. */
    private static final double TOLERANCE = 1e-6;

    @TempDir
    static Path shared;
    private static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void saveModel() throws IOException {
        model = CliFixtures.model(shared.resolve("tiny"));
    }

    /** The un-normalised text embeddings straight from the encoder. */
    private static float[][] raw(List<String> texts) throws IOException {
        try (ClipModel clip = ClipModel.load(model, Device.cpu());
             ClipTokenizer tokenizer = ClipTokenizer.load(model.resolve(ModelFolder.TOKENIZER_FILE), 16)) {
            return new TextEncoder(clip, tokenizer).encode(texts, 64);
        }
    }

    private static double[] unit(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / Math.sqrt(s);
        }
        return u;
    }

    @Test
    void textSetWritesUnitRowsOfTheEncoder() throws IOException {
        List<String> texts = List.of("a red circle on grass", "two blue squares", "a photo of a star .",
                "something unheard of");
        Path file = dir.resolve("strings.txt");
        // trailing spaces are not part of a text; a blank line is refused by number, or skipped when asked
        Files.writeString(file, "a red circle on grass  \n\ntwo blue squares\r\na photo of a star .\n"
                + "something unheard of", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        CliFixtures.Run refused = run("text-set", "--model-dir", model.toString(), "--model-name", "tiny", "--texts",
                file.toString(), "--out-dir", out.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains(file + " line 2 is blank"), refused.err());
        assertFalse(Files.exists(out.resolve("strings_tiny.npy")));
        CliFixtures.Run r = run("text-set", "--model-dir", model.toString(), "--model-name", "tiny", "--texts",
                file.toString(), "--out-dir", out.toString(), "--skip-blank").ok();
        assertTrue(r.err().contains("left out blank lines [2]"), r.err());
        float[] rows = floats(out.resolve("strings_tiny.npy"), 4, D);
        float[][] expected = raw(texts);
        for (int i = 0; i < texts.size(); i++) {
            double[] u = unit(expected[i]);
            double norm = 0;
            for (int j = 0; j < D; j++) {
                assertEquals(u[j], rows[i * D + j], TOLERANCE, "text " + i + " component " + j);
                norm += (double) rows[i * D + j] * rows[i * D + j];
            }
            assertEquals(1.0, Math.sqrt(norm), TOLERANCE, "text " + i + " is a unit vector");
        }
    }

    @Test
    void textProjectWritesUnitClassColumns() throws IOException {
        List<String> classes = List.of("circle", "square", "star");
        Path names = dir.resolve("classes.txt");
        Files.writeString(names, String.join("\n", classes) + "\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        run("text-project", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "shapes",
                "--classnames", names.toString(), "--out-dir", out.toString()).ok();
        float[] matrix = floats(out.resolve("shapes_classifier_tiny.npy"), D, 3);
        List<String> templates = ZeroShotClassifier.DEFAULT_TEMPLATES;
        for (int c = 0; c < classes.size(); c++) {
            List<String> texts = new ArrayList<>();
            for (String t : templates) {
                texts.add(t.replace("{}", classes.get(c)));
            }
            double[] mean = new double[D];
            for (float[] e : raw(texts)) {
                double[] u = unit(e);
                for (int j = 0; j < D; j++) {
                    mean[j] += u[j] / templates.size();
                }
            }
            double n = 0;
            for (double m : mean) {
                n += m * m;
            }
            double norm = 0;
            for (int j = 0; j < D; j++) {
                float got = matrix[j * 3 + c];
                assertEquals(mean[j] / Math.sqrt(n), got, 1e-5, "class " + c + " component " + j);
                norm += (double) got * got;
            }
            assertEquals(1.0, Math.sqrt(norm), TOLERANCE, "column " + c + " is a unit vector");
        }
    }

    @Test
    void aClassOfSeveralNamesAveragesOverAllOfThem() throws IOException {
        Path names = Files.writeString(dir.resolve("groups.txt"), "ring | heart\nstar\n");
        Path templates = Files.writeString(dir.resolve("one.txt"), "a {} .\n");
        Path out = dir.resolve("out");
        run("text-project", "--model-dir", model.toString(), "--model-name", "tiny", "--classnames",
                names.toString(), "--templates", templates.toString(), "--out-dir", out.toString()).ok();
        float[] matrix = floats(out.resolve("folder_classifier_tiny.npy"), D, 2);
        assertFirstColumnIsTheNormalisedMeanOf(List.of("a ring .", "a heart ."), matrix);
    }

    @Test
    void textProjectWithOwnTemplates() throws IOException {
        Path names = Files.writeString(dir.resolve("classes.txt"), "ring\nheart\n");
        Path templates = Files.writeString(dir.resolve("templates.txt"), "a {} .\nthe {} on water\n");
        Path out = dir.resolve("out");
        run("text-project", "--model-dir", model.toString(), "--model-name", "tiny", "--classnames",
                names.toString(), "--templates", templates.toString(), "--out-dir", out.toString()).ok();
        float[] matrix = floats(out.resolve("folder_classifier_tiny.npy"), D, 2);
        assertFirstColumnIsTheNormalisedMeanOf(List.of("a ring .", "the ring on water"), matrix);
    }

    /** Column 0 of a [D, 2] classifier is the normalised mean of the texts' unit embeddings. */
    private static void assertFirstColumnIsTheNormalisedMeanOf(List<String> texts, float[] matrix) throws IOException {
        double[] mean = new double[D];
        for (float[] e : raw(texts)) {
            double[] u = unit(e);
            for (int j = 0; j < D; j++) {
                mean[j] += u[j] / texts.size();
            }
        }
        double n = 0;
        for (double m : mean) {
            n += m * m;
        }
        for (int j = 0; j < D; j++) {
            assertEquals(mean[j] / Math.sqrt(n), matrix[j * 2], 1e-5, texts + " component " + j);
        }
    }

    @Test
    void textProjectNeedsClassNamesAndTemplatesNeedAPlaceholder() throws IOException {
        CliFixtures.Run noNames = run("text-project", "--model-dir", model.toString(), "--out-dir",
                dir.resolve("out").toString());
        assertNotEquals(0, noNames.exit());
        assertTrue(noNames.err().contains("--classnames"), noNames.err());
        Path names = Files.writeString(dir.resolve("classes.txt"), "ring\n");
        Path templates = Files.writeString(dir.resolve("templates.txt"), "a photo\n");
        CliFixtures.Run badTemplate = run("text-project", "--model-dir", model.toString(), "--classnames",
                names.toString(), "--templates", templates.toString(), "--out-dir", dir.resolve("out").toString());
        assertNotEquals(0, badTemplate.exit());
        assertTrue(badTemplate.err().contains("'a photo'"), badTemplate.err());
    }

    @Test
    void textSetWithoutTokenizerNamesTheMissingFile() throws IOException {
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        for (String f : new String[] {ModelFolder.CONFIG_FILE, ModelFolder.WEIGHTS_FILE}) {
            Files.copy(model.resolve(f), bare.resolve(f));
        }
        Path texts = Files.writeString(dir.resolve("t.txt"), "a star\n");
        CliFixtures.Run r = run("text-set", "--model-dir", bare.toString(), "--texts", texts.toString(),
                "--out-dir", dir.resolve("out").toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains(bare.resolve("tokenizer.json").toString()), r.err());
    }
}
