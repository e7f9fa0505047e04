package io.clipdecomp.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // a model held open for the block
class TinyClipTrainerTest {
    @TempDir
    static Path dir;
    private static ClipTokenizer tokenizer;

    @BeforeAll
    static void loadTokenizer() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        ShapesTokenizerJson.write(file);
        tokenizer = ClipTokenizer.load(file, 77);
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    /** A model small enough to train for a few dozen steps in seconds. */
    private static TrainingConfig small(int steps, int shapeFirstSteps) {
        return new TrainingConfig(11, steps, 32, 3e-3, 5, 0.1, 32, 8, 32, 2, 16, 32, 1, 2, 32, 0, 64,
                shapeFirstSteps, 0, 0.25);
    }

    @Test
    void aShortRunLowersTheContrastiveLoss() {
        List<Double> losses = new ArrayList<>();
        TrainingConfig config = small(60, 0);
        try (ClipModel model = new TinyClipTrainer(config, tokenizer).train(p -> losses.add(p.loss()))) {
            assertEquals(config.steps(), losses.size(), "one report per step");
            double first = mean(losses.subList(0, 10));
            double last = mean(losses.subList(50, 60));
            // at the start every caption is as likely as any other: the loss is log(batch size)
            assertEquals(Math.log(config.batchSize()), first, 0.5, "initial loss");
            assertTrue(last < first - 0.5, "loss fell from " + first + " to " + last);
        }
    }

    @Test
    void nonFiniteStepsAreCountedAndTwentyInARowEndTheRun() {
        TrainingConfig sane = small(40, 10);
        TrainingConfig absurd = new TrainingConfig(sane.seed(), sane.steps(), sane.batchSize(), 1e6,
                sane.warmupSteps(), sane.weightDecay(), sane.imageSize(), sane.patchSize(), sane.visionWidth(),
                sane.visionLayers(), sane.visionHeadWidth(), sane.textWidth(), sane.textLayers(), sane.textHeads(),
                sane.embedDim(), sane.evalEvery(), sane.evalImages(), sane.shapeFirstSteps(),
                sane.plainPromptSteps(), sane.promptReplay());
        List<TinyClipTrainer.Progress> reports = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TinyClipTrainer(absurd, tokenizer).train(reports::add).close());
        assertTrue(e.getMessage().startsWith("training diverged: 21 steps in a row"), e.getMessage());
        TinyClipTrainer.Progress last = reports.get(reports.size() - 1);
        assertEquals(20, last.skippedSteps(), "every dropped step is counted");
        int firstSkipped = reports.size() - 20;
        for (int i = 0; i < reports.size(); i++) {
            assertEquals(Math.max(0, i + 1 - firstSkipped), reports.get(i).skippedSteps(),
                    "count after step " + (i + 1));
        }
    }

    @Test
    void theSavedFolderReloadsWithIdenticalEmbeddings() throws IOException {
        TrainingConfig config = small(3, 1);
        Path saved = dir.resolve("saved");
        SplittableRandom random = new SplittableRandom(5);
        float[] pixels = new float[2 * 3 * 32 * 32];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble(-2, 2);
        }
        List<String> texts = List.of("a photo of a red circle.", "a photo of water.");
        float[] trainedImages;
        float[][] trainedTexts;
        try (ClipModel trained = new TinyClipTrainer(config, tokenizer).train(p -> { })) {
            ModelFolder.save(saved, trained.weights(), ShapesTokenizerJson.json());
            trainedImages = images(trained, pixels);
            trainedTexts = new TextEncoder(trained, tokenizer).encode(texts, 2);
        }
        try (ClipModel loaded = ClipModel.load(saved, Device.cpu())) {
            assertEquals(config.modelConfig(), loaded.config());
            assertArrayEquals(trainedImages, images(loaded, pixels), "image embeddings");
            float[][] loadedTexts = new TextEncoder(loaded, tokenizer).encode(texts, 2);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(trainedTexts[i], loadedTexts[i], texts.get(i));
            }
        }
    }

    @Test
    void twoRunsFromTheSameSeedSaveTheSameBytesWhateverTheGarbageCollectorDoes() throws Exception {
        TrainingConfig config = small(40, 10);
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        try (ClipModel trained = new TinyClipTrainer(config, tokenizer).train(p -> { })) {
            ModelFolder.save(first, trained.weights(), ShapesTokenizerJson.json());
        }
        // collections all through the second run, so some fall between a step's forward and backward pass
        AtomicBoolean training = new AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (training.get()) {
                System.gc();
                LockSupport.parkNanos(2_000_000);
            }
        });
        collector.start();
        try (ClipModel trained = new TinyClipTrainer(config, tokenizer).train(p -> { })) {
            ModelFolder.save(second, trained.weights(), ShapesTokenizerJson.json());
        } finally {
            training.set(false);
            collector.join();
        }
        assertArrayEquals(Files.readAllBytes(first.resolve(ModelFolder.WEIGHTS_FILE)),
                Files.readAllBytes(second.resolve(ModelFolder.WEIGHTS_FILE)), "the same weights, bit for bit");
    }

    private static float[] images(ClipModel model, float[] pixels) {
        try (NDManager m = model.newBatchManager()) {
            NDArray e = model.vision().encode(m.create(pixels, new Shape(2, 3, 32, 32)));
            return e.toFloatArray();
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
