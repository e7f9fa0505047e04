package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.train.ModelCard;
import io.clipdecomp.core.train.PatchGridSegmentation;
import io.clipdecomp.core.train.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clipdecomp train-tiny}: every architecture flag reaches the saved folder, which loads, with its card. */
class TrainTinyCommandTest {
    @TempDir
    Path dir;

    @Test
    void flagsShapeTheSavedModelAndItsCard() throws Exception {
        Path out = dir.resolve("tiny");
        CliFixtures.Run r = run("train-tiny", "--out", out.toString(), "--seed", "5", "--steps", "3",
                "--batch-size", "8", "--lr", "1e-3", "--image-size", "32", "--patch-size", "8", "--vision-width", "40",
                "--vision-layers", "1", "--vision-head-width", "20", "--text-width", "24", "--text-layers", "1",
                "--text-heads", "3", "--embed-dim", "12", "--shape-first-steps", "1", "--plain-prompt-steps", "1",
                "--prompt-replay", "0.5",
                "--eval-every", "2", "--eval-images", "8", "--threads", "1").ok();
        assertTrue(r.err().contains("validation: shape"), "running validation is reported: " + r.err());
        assertTrue(r.out().contains("wrote " + out), r.out());
        assertTrue(r.out().contains("(0 of 3 steps dropped as not finite)"), r.out());
        ClipConfig config = ModelFolder.open(out).config();
        assertEquals(12, config.embedDim());
        assertEquals(32, config.vision().imageSize());
        assertEquals(8, config.vision().patchSize());
        assertEquals(40, config.vision().width());
        assertEquals(1, config.vision().layers());
        assertEquals(2, config.vision().heads());
        assertEquals(24, config.text().width());
        assertEquals(1, config.text().layers());
        assertEquals(3, config.text().heads());
        assertTrue(Files.isRegularFile(out.resolve(ModelFolder.TOKENIZER_FILE)));
        String card = Files.readString(out.resolve(ModelCard.FILE), StandardCharsets.UTF_8);
        assertTrue(card.contains("\nclipdecomp train-tiny --out " + out + " --seed 5 "), card);
        assertTrue(card.contains("seed 5, 3 steps of 8 image-caption pairs"), card);
        assertTrue(card.contains("curriculum: 1 steps of one-object scenes with `a photo of a {shape}.`, then 1 steps"),
                card);
        assertTrue(card.contains("50% plain prompts"), card);
        assertTrue(card.contains("| shape | 8 |"), card);
        assertTrue(card.contains("Patch 8 on 32 px, a grid of 4x4 patches"), card);
        assertTrue(card.contains("PyTorch threads: 1"), card);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(out.resolve(ModelFolder.WEIGHTS_FILE))));
        assertTrue(card.contains("- weights file SHA-256 `" + sha + "`"), card);
        PatchGridSegmentation measured;
        ModelFolder folder = ModelFolder.open(out);
        try (ClipTokenizer tokenizer = ClipTokenizer.forModel(folder);
             ClipModel model = ClipModel.load(folder, Device.cpu())) {
            measured = PatchGridSegmentation.measure(model, tokenizer, PatchGridSegmentation.CARD_SEED,
                    PatchGridSegmentation.CARD_SCENES);
        }
        assertTrue(card.contains("`clipdecomp generate-shapes --layout segmentation --count 500 --seed 3`"), card);
        // the card measured the model in memory, here it is reloaded: float rounding may move a threshold pixel
        Matcher row = Pattern.compile("\\| this model's decomposition \\(all heads\\) \\| ([0-9.]+)% \\| ([0-9.]+) "
                + "\\| ([0-9.]+) \\|").matcher(card);
        assertTrue(row.find(), card);
        assertEquals(100 * measured.model().pixelAccuracy(), Double.parseDouble(row.group(1)), 0.011, "pixel accuracy");
        assertEquals(measured.model().meanIoU(), Double.parseDouble(row.group(2)), 2e-4, "mIoU");
        assertEquals(measured.model().meanAP(), Double.parseDouble(row.group(3)), 2e-4, "mAP");
        assertTrue(card.contains(String.format("each of the 4x4 patches scored by its true mask coverage (the "
                + "protocol's patch-resolution ceiling; thresholding at the mean can let a sharper map score above it) "
                + "| %.2f%% | %.4f | %.4f |", 100 * measured.maskCoverage().pixelAccuracy(),
                measured.maskCoverage().meanIoU(), measured.maskCoverage().meanAP())), card);
        assertTrue(card.matches("(?s).*the decomposition .* runs at \\d+ images/s against \\d+ images/s for the "
                + "plain forward pass, [0-9.]+x its time \\(batch 8, PyTorch threads: 1, .*"), card);
    }

    @Test
    void aFolderThatHoldsAModelIsReplacedOnlyWithForce() throws IOException {
        Path out = CliFixtures.model(dir.resolve("existing"));
        byte[] weights = Files.readAllBytes(out.resolve(ModelFolder.WEIGHTS_FILE));
        CliFixtures.Run r = run("train-tiny", "--out", out.toString(), "--steps", "1");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains(out + " already holds a model; pass --force to replace it"), r.err());
        assertArrayEquals(weights, Files.readAllBytes(out.resolve(ModelFolder.WEIGHTS_FILE)), "the model is untouched");
    }

    @Test
    void noCommandPrintsTheUsageAndExitsTwo() {
        CliFixtures.Run r = run();
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Usage: clipdecomp"), r.err());
    }

    @Test
    void aFailedRunSaysWhyWithoutAStackTrace() {
        CliFixtures.Run r = run("train-tiny", "--out", dir.resolve("bad").toString(), "--image-size", "30",
                "--patch-size", "8", "--steps", "1");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("image_size 30 is not a multiple of patch_size 8"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(Files.notExists(dir.resolve("bad")), "nothing written");
    }

    @Test
    void aDivergingRunReportsEachDroppedStepAndWritesNothing() {
        Path out = dir.resolve("diverged");
        CliFixtures.Run r = run("train-tiny", "--out", out.toString(), "--steps", "40", "--lr", "1e6",
                "--batch-size", "8", "--image-size", "32", "--patch-size", "8", "--vision-width", "32",
                "--vision-layers", "1", "--vision-head-width", "16", "--text-width", "16", "--text-layers", "1",
                "--text-heads", "2", "--embed-dim", "8", "--eval-every", "0", "--eval-images", "8");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("loss or gradient not finite, update dropped (1 so far)"), r.err());
        assertTrue(r.err().contains("training diverged: 21 steps in a row"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(Files.notExists(out.resolve(ModelFolder.WEIGHTS_FILE)), "no model written");
    }

    @Test
    void helpShowsTheBundledModelsSettingsAsDefaults() {
        CliFixtures.Run r = run("train-tiny", "--help").ok();
        TrainingConfig d = TrainingConfig.defaults();
        assertTrue(r.out().contains("Optimiser steps (default: " + d.steps() + ")"), r.out());
        assertTrue(r.out().contains("Peak learning rate (default: " + d.learningRate() + ")"), r.out());
        assertTrue(r.out().contains("ViT patch side (default: " + d.patchSize() + ")"), r.out());
        assertTrue(r.out().contains("afterwards (default: " + d.promptReplay() + ")"), r.out());
    }
}
