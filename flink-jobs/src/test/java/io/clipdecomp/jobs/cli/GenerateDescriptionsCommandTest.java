package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.floats;
import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.clipdecomp.core.descriptions.DescriptionWorld;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clipdecomp generate-descriptions}: flags mapped onto the generator, the file text-set reads. */
class GenerateDescriptionsCommandTest {
    /** Float32 rounding of a normalisation done in double. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    private static String joined(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void defaultsAreTheGeneralWorldSeedZero() throws IOException {
        Path out = dir.resolve("general.txt");
        CliFixtures.Run r = run("generate-descriptions", "--out", out.toString()).ok();
        assertTrue(r.out().contains("3500 general") && r.out().contains(out.toString()), r.out());
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(joined(DescriptionWorld.GENERAL.texts(3500, 0)), text);
        assertEquals(3500, text.split("\n", -1).length - 1, "one newline after every line");
    }

    @Test
    void countSeedAndWorldAreUsed() throws IOException {
        Path out = dir.resolve("shapes.txt");
        run("generate-descriptions", "--out", out.toString(), "--world", "SHAPES", "--count", "30", "--seed", "4")
                .ok();
        assertEquals(joined(DescriptionWorld.SHAPES.texts(30, 4)), Files.readString(out));
        Path all = dir.resolve("all-shapes.txt");
        run("generate-descriptions", "--out", all.toString(), "--world", "shapes").ok();
        assertEquals(DescriptionWorld.SHAPES.defaultCount(), Files.readAllLines(all).size());
    }

    @Test
    void textSetEncodesTheShapesSetWithTheBundledModel() throws IOException {
        Path texts = dir.resolve("shapes_descriptions.txt");
        run("generate-descriptions", "--out", texts.toString(), "--world", "shapes", "--count", "24").ok();
        Path outDir = dir.resolve("out");
        run("text-set", "--texts", texts.toString(), "--out-dir", outDir.toString()).ok();
        Path bundled = Installation.defaultModelDir();
        ModelFolder folder = ModelFolder.open(bundled);
        int d = folder.config().embedDim();
        float[] rows = floats(outDir.resolve("shapes_descriptions_shapes-tiny.npy"), 24, d);
        List<String> lines = Files.readAllLines(texts, StandardCharsets.UTF_8);
        float[][] expected;
        try (ClipModel clip = ClipModel.load(bundled, Device.cpu());
             ClipTokenizer tokenizer = ClipTokenizer.forModel(folder)) {
            expected = new TextEncoder(clip, tokenizer).encode(lines, 64);
        }
        for (int i = 0; i < lines.size(); i++) {
            double norm = 0;
            for (float x : expected[i]) {
                norm += (double) x * x;
            }
            for (int j = 0; j < d; j++) {
                assertEquals(expected[i][j] / Math.sqrt(norm), rows[i * d + j], TOLERANCE,
                        "row " + i + " ('" + lines.get(i) + "') component " + j);
            }
        }
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws IOException {
        Path out = Files.writeString(dir.resolve("mine.txt"), "my own texts\n");
        CliFixtures.Run refused = run("generate-descriptions", "--out", out.toString(), "--count", "5");
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("exists") && refused.err().contains("--force"), refused.err());
        assertEquals("my own texts\n", Files.readString(out));
        run("generate-descriptions", "--out", out.toString(), "--count", "5", "--force").ok();
        assertEquals(joined(DescriptionWorld.GENERAL.texts(5, 0)), Files.readString(out));
    }

    @Test
    void badArgumentsAreReported() {
        int capacity = DescriptionWorld.SHAPES.capacity();
        CliFixtures.Run tooMany = run("generate-descriptions", "--out", dir.resolve("a.txt").toString(), "--world",
                "shapes", "--count", String.valueOf(capacity + 1));
        assertNotEquals(0, tooMany.exit());
        assertTrue(tooMany.err().contains("at most " + capacity), tooMany.err());
        assertTrue(Files.notExists(dir.resolve("a.txt")));

        CliFixtures.Run world = run("generate-descriptions", "--out", dir.resolve("b.txt").toString(), "--world",
                "animals");
        assertNotEquals(0, world.exit());
        assertTrue(world.err().contains("unknown description world 'animals'"), world.err());

        CliFixtures.Run zero = run("generate-descriptions", "--out", dir.resolve("c.txt").toString(), "--count", "0");
        assertNotEquals(0, zero.exit());
        assertTrue(zero.err().contains("positive"), zero.err());

        CliFixtures.Run noOut = run("generate-descriptions");
        assertEquals(2, noOut.exit(), "picocli's usage error status");
        assertTrue(noOut.err().contains("--out"), noOut.err());
    }

    @Test
    void isListedInTheTopLevelHelp() {
        assertTrue(run("--help").ok().out().contains("generate-descriptions"));
        CliFixtures.Run own = run("generate-descriptions", "--help").ok();
        assertTrue(own.out().contains("--world") && own.out().contains("--force"), own.out());
    }
}
