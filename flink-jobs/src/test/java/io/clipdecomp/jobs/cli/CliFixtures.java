package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.io.NpyDtype;
import io.clipdecomp.core.io.NpyReader;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipWeights;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.model.PreprocessConfig;
import io.clipdecomp.core.model.TextConfig;
import io.clipdecomp.core.model.VisionConfig;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** A tiny random model folder with the shapes tokenizer, PNG folders, and command runs with their output. */
final class CliFixtures {
    private CliFixtures() {
    }

    /** What a command run returned and printed. */
    record Run(int exit, String out, String err) {
        /** Asserts success, showing the output otherwise. */
        Run ok() {
            assertEquals(0, exit, "exit status; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    /** 16 px images, patch 8 (5 tokens), width 16, 2 heads, 2 layers, d = 8; the shapes vocabulary. */
    static ClipConfig config() {
        return new ClipConfig(8, new VisionConfig(16, 8, 16, 2, 8, 2.0),
                new TextConfig(16, ShapesTokenizerJson.vocabSize(), 16, 2, 1, 2.0), false, PreprocessConfig.OPENAI);
    }

    /** Saves a random model folder {@code dir} with the shapes world's tokenizer. */
    static Path model(Path dir) throws IOException {
        try (ClipWeights weights = ClipWeights.random(config(), 5, NDManager.newBaseManager())) {
            ModelFolder.save(dir, weights, ShapesTokenizerJson.json());
        }
        return dir;
    }

    /** Writes an RGB PNG of noise over a gradient, {@code width x height}, seeded. */
    static Path png(Path file, int width, int height, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / width + random.nextInt(60)) % 256;
                int g = (y * 255 / height + random.nextInt(60)) % 256;
                image.setRGB(x, y, r << 16 | g << 8 | random.nextInt(256));
            }
        }
        assertTrue(ImageIO.write(image, "png", file.toFile()));
        return file;
    }

    /** Runs the command line, capturing what it prints. */
    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            exit = ClipdecompCommand.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }

    /** Reads a float32 .npy file, checking its shape. */
    static float[] floats(Path file, long... shape) throws IOException {
        try (NpyReader reader = NpyReader.open(file)) {
            assertArrayEquals(shape, reader.shape(), file + " shape");
            assertEquals(NpyDtype.FLOAT32, reader.dtype(), file + " dtype");
            return reader.readFloats();
        }
    }

    /** Reads an int64 .npy file, checking its shape. */
    static long[] longs(Path file, long... shape) throws IOException {
        try (NpyReader reader = NpyReader.open(file)) {
            assertArrayEquals(shape, reader.shape(), file + " shape");
            assertEquals(NpyDtype.INT64, reader.dtype(), file + " dtype");
            return reader.readLongs();
        }
    }

    /** A path to {@code target} relative to the working directory, as a user would type it. */
    static String relative(Path target) {
        return Path.of("").toAbsolutePath().relativize(target.toAbsolutePath()).toString();
    }
}
