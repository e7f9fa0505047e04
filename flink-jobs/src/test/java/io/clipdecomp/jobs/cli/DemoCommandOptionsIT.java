package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.OptionCases.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.jobs.demo.DemoOptions;
import io.clipdecomp.jobs.demo.SoakOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of {@code demo} takes effect or is refused: one small run shows the model, batching, images and
 * output folder in its files, summary and log; the rest reach the demo's options as the command makes them, or
 * are refused with what they clash with.
 */
@Timeout(300)
class DemoCommandOptionsIT {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void tinyModel() throws IOException {
        model = CliFixtures.model(dir.resolve("tiny"));
    }

    private static DemoOptions options(String... flags) throws IOException {
        return parsed(new DemoCommand(), OptionCases.with(flags, "--model-dir", model.toString(), "--out-dir",
                dir.resolve("unused").toString())).options();
    }

    private static void assertRefused(String expected, String... flags) {
        OptionCases.assertRefused(expected, OptionCases.with(new String[] {"demo", "--model-dir", model.toString(),
            "--out-dir", dir.resolve("refused").toString()}, flags));
        assertFalse(Files.exists(dir.resolve("refused")), "nothing written before the refusal");
    }

    @TestFactory
    List<DynamicTest> everyOptionTakesEffectOrIsRefused() {
        return new OptionCases("demo")
                .add("a run", DemoCommandOptionsIT::aRun, "--model-dir", "--model-name", "--out-dir", "--images",
                        "--corrupt", "--parallelism", "--batch-size", "--threads")
                .add("options", () -> {
                    DemoOptions o = options("--seed", "9", "--means-every", "7", "--flush-ms", "37",
                            "--max-image-bytes", "123456", "--max-image-pixels", "5000", "--decode-budget-bytes",
                            "2000000", "--strict-pixels", "--follow");
                    assertEquals(9, o.seed());
                    assertEquals(7, o.meansEvery());
                    assertEquals(37, o.job().decompose().flushMillis());
                    assertEquals(new ImageLimits(123456, 5000, 2000000), o.job().limits());
                    assertTrue(o.job().preprocessor().strictPixels(), "--strict-pixels reaches the tasks");
                    assertTrue(o.follow());
                    assertFalse(options().follow());
                    Path input = Files.createDirectories(dir.resolve("input"));
                    assertEquals(input.toAbsolutePath(), options("--input-dir", input.toString()).inputDir());
                    assertNull(options().inputDir());
                    assertEquals(new SoakOptions(50, Duration.ofMillis(2500)),
                            options("--soak", "--max-in-flight", "50", "--sample-seconds", "2.5").soak());
                    assertNull(options().soak());
                    assertRefused("--max-in-flight only applies to a soak", "--max-in-flight", "10");
                    assertRefused("--sample-seconds only applies to a soak", "--sample-seconds", "1");
                    assertRefused("--follow makes no sense with --soak", "--soak", "--follow");
                    assertRefused("--images must be at least 1, --corrupt at least 0", "--images", "0");
                    assertRefused("--parallelism must be 1 or more, got 0", "--parallelism", "0");
                }, "--seed", "--means-every", "--flush-ms", "--max-image-bytes", "--max-image-pixels",
                        "--decode-budget-bytes", "--strict-pixels", "--follow", "--input-dir", "--soak",
                        "--max-in-flight", "--sample-seconds")
                .add("device", () -> OptionCases.assertDevice(() -> options("--device", "gpu").job().decompose()
                        .device()), "--device")
                .add("dashboard", () -> {
                    assertEquals(new InetSocketAddress("127.0.0.1", 8080), options().dashboard(), "the default");
                    assertEquals(new InetSocketAddress("127.0.0.1", 0),
                            options("--dashboard-host", "127.0.0.1", "--dashboard-port", "0").dashboard());
                    assertNull(options("--no-dashboard").dashboard());
                    assertRefused("--dashboard-port makes no sense with --no-dashboard", "--no-dashboard",
                            "--dashboard-port", "9000");
                }, "--dashboard-host", "--dashboard-port", "--no-dashboard")
                .tests();
    }

    private static void aRun() throws IOException {
        Path out = dir.resolve("out");
        CliFixtures.Run r = CliFixtures.run("demo", "--model-dir", model.toString(), "--model-name", "named",
                "--out-dir", out.toString(), "--images", "4", "--corrupt", "1", "--parallelism", "1",
                "--batch-size", "2", "--threads", "1").ok();
        assertTrue(r.err().contains("demo: decomposing with model named on cpu, batches of 2 flushed after 200 ms, "
                + "1 intra-op thread(s) per subtask, 1 subtask(s)"), r.err());
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(5, summary.get("produced").getAsInt(), summary.toString());
        assertEquals(4, summary.get("decomposed").getAsInt(), summary.toString());
        assertEquals(1, summary.get("deadLettered").getAsInt(), summary.toString());
        assertEquals("named", summary.get("model").getAsString());
        assertEquals(1, summary.get("parallelism").getAsInt());
        var vision = CliFixtures.config().vision();
        CliFixtures.floats(out.resolve("shapes_attn_named.npy"), 4, vision.layers(), vision.heads(),
                CliFixtures.config().embedDim());
        assertEquals(4, Files.readAllLines(out.resolve("shapes_files_named.txt")).size());
    }
}
