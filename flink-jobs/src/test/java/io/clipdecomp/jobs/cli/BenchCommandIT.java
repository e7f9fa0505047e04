package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clipdecomp bench} on a tiny model folder: every figure measured and written, each ratio the quotient
 * of its figures, and the pipeline run through a real broker and MiniCluster committing every image (the
 * benchmark itself fails otherwise). Speeds are not asserted: they belong to the machine.
 */
class BenchCommandIT {
    @TempDir
    Path dir;

    @Test
    void measuresEveryFigureAndTheirRatiosOnAModelFolder() throws IOException {
        Path model = CliFixtures.model(dir.resolve("tiny"));
        Path out = dir.resolve("out");
        // decode + preprocess timed on the files of a folder (the generated set is tested in core)
        Path images = dir.resolve("images");
        CliFixtures.png(images.resolve("noise.png"), 48, 40, 3);
        CliFixtures.Run r = run("bench", "--model-dir", model.toString(), "--seconds", "1", "--batch-size", "2",
                "--threads", "1", "--pipeline-images", "300", "--textspan-images", "200", "--preprocess-seconds",
                "0.2", "--preprocess-images", images.toString(), "--strict-pixels", "--out-dir", out.toString()).ok();
        assertTrue(r.err().contains("pipeline: 300 images; after the first"), r.err());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("bench_tiny.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("tiny", json.get("model").getAsString());
        assertEquals(2, json.get("batchSize").getAsInt());
        assertEquals(1, json.get("threads").getAsInt());
        for (String figure : new String[] {"matmulGflopPerSecond", "gflopPerImage", "forwardImagesPerSecond",
                "decompositionImagesPerSecond", "spatialDecompositionImagesPerSecond", "segmentationImagesPerSecond",
                "textEncodingsPerSecond",
                "pipelineImagesPerSecond"}) {
            assertTrue(json.get(figure).getAsDouble() > 0, figure + " measured: " + json);
        }
        for (String figure : new String[] {"forward", "decomposition", "spatialDecomposition", "segmentation",
                "textEncoding"}) {
            assertTrue(json.get(figure + "Batches").getAsInt() >= 2, figure + " timed over batches: " + json);
            assertTrue(json.get(figure + "SpreadPercent").getAsDouble() >= 0, figure + "'s spread: " + json);
        }
        assertRatio(json, "ratioDecompositionToForward", "decompositionImagesPerSecond", "forwardImagesPerSecond");
        assertRatio(json, "ratioSpatialToForward", "spatialDecompositionImagesPerSecond", "forwardImagesPerSecond");
        assertRatio(json, "ratioSegmentationToForward", "segmentationImagesPerSecond", "forwardImagesPerSecond");
        assertRatio(json, "ratioPipelineToDecomposition", "pipelineImagesPerSecond", "decompositionImagesPerSecond");
        assertRatio(json, "ratioForwardToFlopBound", "forwardImagesPerSecond", "flopBoundImagesPerSecond");
        // the FLOP bound is the matrix-multiply rate spread over one image's FLOPs
        assertEquals(json.get("matmulGflopPerSecond").getAsDouble() / json.get("gflopPerImage").getAsDouble(),
                json.get("flopBoundImagesPerSecond").getAsDouble(), 1e-9 * json.get("flopBoundImagesPerSecond")
                        .getAsDouble());
        assertTrue(r.out().contains("pipelineImagesPerSecond"), "the table shows the pipeline: " + r.out());
        assertTrue(json.get("pixelsAsPillow").getAsBoolean(), "the start-up check passes on this JVM");
        assertTrue(json.get("preprocess.noise.png.cpuImagesPerSecond").getAsDouble() > 0, json.toString());
        assertTrue(json.get("preprocess.noise.png.wallImagesPerSecond").getAsDouble() > 0, json.toString());
        assertRatio(json, "preprocess.noise.png.oneThreadToForward", "preprocess.noise.png.cpuImagesPerSecond",
                "forwardImagesPerSecond");
        // TextSpan in ViT-H-14 geometry: both routes timed on the same data, and they agree
        assertEquals(200, json.get("textspanImages").getAsInt());
        assertEquals(1024, json.get("textspanDim").getAsInt());
        assertTrue(json.get("textspanSamePicks").getAsBoolean(), "moments and samples pick the same texts");
        assertEquals(8 + 8 * (1024 + 1024 * 1025 / 2), json.get("textspanStateBytesPerHead").getAsLong());
        assertRatio(json, "ratioSamplesToMoments", "textspanFromSamplesSecondsPerHead", "textspanFromMomentsSecondsPerHead");
    }

    @Test
    void refusesAPipelineFigureOfTooFewBatchesBeforeMeasuringAnything() throws IOException {
        Path model = CliFixtures.model(dir.resolve("tiny"));
        CliFixtures.Run r = run("bench", "--model-dir", model.toString(), "--batch-size", "8", "--pipeline-images", "16",
                "--out-dir", dir.resolve("out").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--pipeline-images 16 is too few for a pipeline figure: it needs at least 40"),
                r.err());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing measured, nothing written");
    }

    private static void assertRatio(JsonObject json, String ratio, String numerator, String denominator) {
        double expected = json.get(numerator).getAsDouble() / json.get(denominator).getAsDouble();
        assertEquals(expected, json.get(ratio).getAsDouble(), 1e-9 * expected, ratio);
    }
}
