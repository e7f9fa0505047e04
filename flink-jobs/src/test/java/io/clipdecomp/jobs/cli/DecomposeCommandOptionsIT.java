package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.OptionCases.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.jobs.DecompositionJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of {@code decompose} takes effect or is refused: one run on a MiniCluster shows most of them in its
 * files and its summary line, the rest reach the job's settings or the dataset the command reads, or are refused.
 */
class DecomposeCommandOptionsIT {
    @TempDir
    static Path dir;
    private static Path model;
    private static Path images;

    @BeforeAll
    static void fixtures() throws IOException {
        model = CliFixtures.model(dir.resolve("tiny"));
        images = dir.resolve("images");
        byte[] good = Files.readAllBytes(CliFixtures.png(images.resolve("a/1.png"), 16, 16, 1));
        Files.write(images.resolve("a/0-cut.png"), Arrays.copyOf(good, 40)); // signature and a cut IHDR
        CliFixtures.png(images.resolve("a/2-large.png"), 40, 40, 2);
        CliFixtures.png(images.resolve("b/3.png"), 16, 16, 3);
        CliFixtures.png(images.resolve("b/4.png"), 16, 16, 4);
    }

    private static DecompositionJob.Settings settings(String... flags) throws IOException {
        DecomposeCommand c = parsed(new DecomposeCommand(), OptionCases.with(flags, "--model-dir", model.toString(),
                "--data-path", images.toString()));
        return c.settings(ModelFolder.open(model));
    }

    private static Map<String, String> datasetOptions(String... flags) {
        DecomposeCommand c = parsed(new DecomposeCommand(), flags);
        return c.data.spec().options();
    }

    @TestFactory
    List<org.junit.jupiter.api.DynamicTest> everyOptionTakesEffectOrIsRefused() {
        return new OptionCases("decompose")
                .add("a run", DecomposeCommandOptionsIT::aRun, "--model-dir", "--model-name", "--data-path", "--dataset",
                        "--out-dir", "--limit", "--skip-bad", "--spatial", "--batch-size", "--parallelism",
                        "--threads", "--max-image-pixels")
                .add("settings", () -> {
                    DecompositionJob.Settings s = settings("--flush-ms", "37", "--max-image-bytes", "123456",
                            "--decode-budget-bytes", "2000000", "--strict-pixels");
                    assertEquals(37, s.decompose().flushMillis());
                    assertEquals(new ImageLimits(123456, ImageLimits.DEFAULT_MAX_PIXELS, 2000000), s.limits());
                    assertTrue(s.preprocessor().strictPixels(), "--strict-pixels reaches the tasks' preprocessing");
                    assertFalse(settings().preprocessor().strictPixels());
                    // --threads 0, the default: this machine's cores shared among the subtasks
                    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                            settings("--parallelism", "2").decompose().intraOpThreads());
                }, "--flush-ms", "--max-image-bytes", "--decode-budget-bytes", "--strict-pixels")
                .add("device", () -> OptionCases.assertDevice(() -> settings("--device", "gpu").decompose().device()),
                        "--device")
                .add("dataset kinds' options", () -> {
                    assertEquals(Map.of("count", "2", "seed", "9"),
                            datasetOptions("--dataset", "shapes", "--count", "2", "--seed", "9"));
                    assertEquals(Map.of("split", "val"), datasetOptions("--dataset", "binary_waterbirds",
                            "--data-path", images.toString(), "--split", "val"));
                    OptionCases.assertRefused("--split is for --dataset binary_waterbirds, not 'folder'", "decompose",
                            "--model-dir", model.toString(), "--data-path", images.toString(), "--split", "val");
                    OptionCases.assertRefused("--count and --seed are for --dataset shapes, not 'folder'", "decompose",
                            "--model-dir", model.toString(), "--data-path", images.toString(), "--seed", "1");
                }, "--count", "--seed", "--split")
                .tests();
    }

    /** One run with most options away from their defaults, each seen in the files or the summary line. */
    private static void aRun() throws IOException {
        Path out = dir.resolve("out");
        CliFixtures.Run r = CliFixtures.run("decompose", "--model-dir", model.toString(), "--model-name", "named",
                "--dataset", "folder", "--data-path", images.toString(), "--out-dir", out.toString(), "--limit", "4",
                "--skip-bad", "--spatial", "--batch-size", "3", "--parallelism", "2", "--threads", "1",
                "--max-image-pixels", "1000").ok();
        assertTrue(r.err().contains("decompose: 4 images of folder with model named on cpu, batches of 3 flushed after "
                + "200 ms, 1 intra-op thread(s) per subtask, 2 subtask(s)"), r.err());
        // --limit 4 leaves b/4.png out; the cut file and the 40x40 one (over 1000 pixels) are skipped
        assertTrue(r.out().contains("decomposed 2 of 4 images of folder with named into " + out + " (2 skipped)"),
                r.out());
        var config = CliFixtures.config().vision();
        int tokens = (config.imageSize() / config.patchSize()) * (config.imageSize() / config.patchSize()) + 1;
        CliFixtures.floats(out.resolve("folder_attn_spatial_named.npy"), 2, config.layers(), tokens, config.heads(),
                CliFixtures.config().embedDim());
        assertEquals(List.of("0\t0\ta/1.png", "1\t1\tb/3.png"), Files.readAllLines(out.resolve("folder_files_named.txt")));
        JsonArray skipped = JsonParser.parseString(Files.readString(out.resolve("folder_skipped_named.json")))
                .getAsJsonArray();
        assertEquals(2, skipped.size(), skipped.toString());
        assertEquals("a/0-cut.png", skipped.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals("a/2-large.png", skipped.get(1).getAsJsonObject().get("id").getAsString());
        assertTrue(skipped.get(1).getAsJsonObject().get("reason").getAsString().contains("1000"), skipped.toString());
        OptionCases.assertRefused("--parallelism must be 1 or more, got 0", "decompose", "--model-dir",
                model.toString(), "--data-path", images.toString(), "--parallelism", "0");
    }
}
