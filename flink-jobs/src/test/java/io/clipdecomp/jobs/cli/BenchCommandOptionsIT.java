package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of {@code bench} takes effect or is refused: one short run on a tiny model folder shows each in
 * its JSON or its log (the pipeline's job settings among them); the combinations it cannot measure are refused
 * before anything is measured.
 */
@Timeout(300)
class BenchCommandOptionsIT {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void tinyModel() throws IOException {
        model = CliFixtures.model(dir.resolve("tiny"));
    }

    private static void assertRefused(String expected, String... flags) {
        OptionCases.assertRefused(expected, OptionCases.with(new String[] {"bench", "--out-dir",
            dir.resolve("refused").toString()}, flags));
        assertFalse(Files.exists(dir.resolve("refused")), "nothing measured, nothing written");
    }

    @TestFactory
    List<DynamicTest> everyOptionTakesEffectOrIsRefused() {
        return new OptionCases("bench")
                .add("a run", BenchCommandOptionsIT::aRun, "--model-dir", "--out-dir", "--batch-size", "--threads",
                        "--seconds", "--pipeline-images", "--textspan-images", "--preprocess-seconds",
                        "--preprocess-images", "--strict-pixels")
                .add("device", () -> {
                    // no CUDA libtorch here: refused; with one, refused because the pipeline figure runs on the CPU
                    assertRefused("--device gpu", "--model-dir", model.toString(), "--device", "gpu");
                    assertRefused("unknown device 'tpu'", "--model-dir", model.toString(), "--device", "tpu");
                }, "--device")
                .add("geometry", () -> {
                    assertRefused("--geometry shapes the random model; with --model-dir", "--model-dir",
                            model.toString(), "--geometry", "ViT-L-14");
                    assertRefused("unknown geometry 'ViT-X-1'", "--geometry", "ViT-X-1", "--pipeline-images", "0");
                }, "--geometry")
                .add("refusals", () -> {
                    assertRefused("--seconds must be positive, got 0.0", "--model-dir", model.toString(), "--seconds",
                            "0");
                    assertRefused("--preprocess-images is for the decode + preprocess figures", "--model-dir",
                            model.toString(), "--preprocess-seconds", "0", "--preprocess-images", dir.toString());
                    assertRefused("--pipeline-images 16 is too few for a pipeline figure", "--model-dir",
                            model.toString(), "--batch-size", "8", "--pipeline-images", "16");
                }, "--seconds", "--preprocess-images", "--pipeline-images")
                .tests();
    }

    private static void aRun() throws IOException {
        Path out = dir.resolve("out");
        Path images = dir.resolve("images");
        CliFixtures.png(images.resolve("noise.png"), 24, 20, 3);
        CliFixtures.Run r = CliFixtures.run("bench", "--model-dir", model.toString(), "--out-dir", out.toString(),
                "--seconds", "0.2", "--batch-size", "2", "--threads", "1", "--pipeline-images", "40",
                "--textspan-images", "20", "--preprocess-seconds", "0.1", "--preprocess-images", images.toString(),
                "--strict-pixels").ok();
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("bench_tiny.json"))).getAsJsonObject();
        assertEquals("tiny", json.get("model").getAsString());
        assertEquals(2, json.get("batchSize").getAsInt());
        assertEquals(1, json.get("threads").getAsInt());
        assertEquals(0.2, json.get("secondsPerFigure").getAsDouble());
        assertEquals("cpu()", json.get("device").getAsString());
        assertEquals(20, json.get("textspanImages").getAsInt());
        assertTrue(json.has("preprocess.noise.png.cpuImagesPerSecond"), json.toString());
        assertTrue(json.get("pipelineImagesPerSecond").getAsDouble() > 0, json.toString());
        // the pipeline's job gets the same settings, from the same factory as decompose, stream and demo
        assertTrue(r.err().contains("pipeline: model bench on cpu, batches of 2 flushed after 200 ms, 1 intra-op "
                + "thread(s) per subtask, strict pixels, 1 subtask"), r.err());
        assertTrue(r.err().contains("pipeline: 40 images; after the first"), r.err());
    }
}
