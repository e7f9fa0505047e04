package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.floats;
import static io.clipdecomp.jobs.cli.CliFixtures.longs;
import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.shapes.DatasetOptions;
import io.clipdecomp.core.shapes.Scene;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneSpec;
import io.clipdecomp.core.shapes.ShapesDatasetWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clipdecomp decompose} end to end: files, shapes, rows, labels, skipping, datasets, paths. */
class DecomposeCommandIT {
    private static final ClipConfig CONFIG = CliFixtures.config();
    private static final int L = 2;
    private static final int H = 2;
    private static final int N = 5;
    private static final int D = 8;
    /** The same sums in another batch layout or SIMD path differ in the last bits. */
    private static final float TOLERANCE = 1e-6f;

    @TempDir
    static Path shared;
    private static Path model;
    private static Path images;
    /** The image files in ImageFolder order (classes sorted, files sorted), worked out by hand. */
    private static List<Path> ordered;

    @TempDir
    Path dir;

    @BeforeAll
    static void modelAndImages() throws IOException {
        model = CliFixtures.model(shared.resolve("tiny"));
        images = shared.resolve("images");
        // written out of order on purpose; sizes are non-square, larger and smaller than the 16 px input
        Path zebraN = CliFixtures.png(images.resolve("zebra/n.png"), 9, 40, 5);
        Path catB = CliFixtures.png(images.resolve("cat/b.png"), 12, 30, 2);
        Path dogX = CliFixtures.png(images.resolve("dog/x.png"), 16, 16, 3);
        Path zebraM = CliFixtures.png(images.resolve("zebra/m.png"), 33, 17, 4);
        Path catA = CliFixtures.png(images.resolve("cat/a.png"), 20, 12, 1);
        Files.writeString(images.resolve("cat/notes.txt"), "not an image");
        ordered = List.of(catA, catB, dogX, zebraM, zebraN);
    }

    /** The decomposer's own results for the given files, preprocessed as OpenCLIP's eval transform does. */
    private static List<ImageDecomposition> expected(List<Path> files, DecompositionOptions options)
            throws IOException {
        List<float[]> pixels = new ArrayList<>();
        ClipImagePreprocessor preprocessor = ClipImagePreprocessor.forModel(CONFIG);
        for (Path file : files) {
            pixels.add(preprocessor.toPixels(Files.readAllBytes(file), ColourConversion.BEFORE_RESIZE));
        }
        return decompose(pixels, options);
    }

    private static List<ImageDecomposition> decompose(List<float[]> pixels, DecompositionOptions options)
            throws IOException {
        try (ClipModel clip = ClipModel.load(model, Device.cpu());
             ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            return decomposer.decompose(pixels, options);
        }
    }

    /** The rows of one output, concatenated. */
    private static float[] concat(List<ImageDecomposition> results, Function<ImageDecomposition, float[]> part) {
        int width = part.apply(results.get(0)).length;
        float[] all = new float[results.size() * width];
        for (int i = 0; i < results.size(); i++) {
            System.arraycopy(part.apply(results.get(i)), 0, all, i * width, width);
        }
        return all;
    }

    /** Checks the four float outputs of a run against expected results, to float rounding. */
    private static void assertRows(Path out, String dataset, String name, List<ImageDecomposition> expected)
            throws IOException {
        int k = expected.size();
        assertArrayEquals(concat(expected, ImageDecomposition::headTerms),
                floats(out.resolve(dataset + "_attn_" + name + ".npy"), k, L, H, D), TOLERANCE, "attn");
        assertArrayEquals(concat(expected, ImageDecomposition::mlpTerms),
                floats(out.resolve(dataset + "_mlp_" + name + ".npy"), k, L + 1, D), TOLERANCE, "mlp");
        assertArrayEquals(concat(expected, ImageDecomposition::clsAttn),
                floats(out.resolve(dataset + "_cls_attn_" + name + ".npy"), k, L, D), TOLERANCE, "cls_attn");
        assertArrayEquals(concat(expected, ImageDecomposition::embedding),
                floats(out.resolve(dataset + "_embeddings_" + name + ".npy"), k, D), TOLERANCE, "embeddings");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void folderDatasetWritesEveryFileOfTheContract() throws IOException {
        Path out = dir.resolve("out");
        // --strict-pixels: this JVM decodes as Pillow, so the run goes on, and says nothing about it
        CliFixtures.Run r = run("decompose", "--model-dir", model.toString(), "--model-name", "tiny",
                "--dataset", "folder", "--data-path", images.toString(), "--out-dir", out.toString(),
                "--strict-pixels").ok();
        assertTrue(r.out().contains("decomposed 5 of 5 images"), r.out());
        assertFalse(r.err().contains("differ from Pillow"), r.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("folder_attn_tiny.npy", "folder_cls_attn_tiny.npy", "folder_embeddings_tiny.npy",
                            "folder_files_tiny.txt", "folder_labels_tiny.npy", "folder_mlp_tiny.npy"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertRows(out, "folder", "tiny", expected(ordered, DecompositionOptions.HEADS));
        assertArrayEquals(new long[] {0, 0, 1, 2, 2}, longs(out.resolve("folder_labels_tiny.npy"), 5));
        assertEquals(List.of("0\t0\tcat/a.png", "1\t0\tcat/b.png", "2\t1\tdog/x.png", "3\t2\tzebra/m.png",
                "4\t2\tzebra/n.png"), lines(out.resolve("folder_files_tiny.txt")));
        // the terms sum to the unit embedding, read back from the files alone
        float[] attn = floats(out.resolve("folder_attn_tiny.npy"), 5, L, H, D);
        float[] mlp = floats(out.resolve("folder_mlp_tiny.npy"), 5, L + 1, D);
        float[] emb = floats(out.resolve("folder_embeddings_tiny.npy"), 5, D);
        for (int i = 0; i < 5; i++) {
            double norm = 0;
            for (int j = 0; j < D; j++) {
                norm += (double) emb[i * D + j] * emb[i * D + j];
            }
            for (int j = 0; j < D; j++) {
                double sum = 0;
                for (int t = 0; t < L * H; t++) {
                    sum += attn[(i * L * H + t) * D + j];
                }
                for (int t = 0; t < L + 1; t++) {
                    sum += mlp[(i * (L + 1) + t) * D + j];
                }
                assertEquals(emb[i * D + j] / Math.sqrt(norm), sum, 1e-5, "image " + i + " component " + j);
            }
        }
    }

    @Test
    void spatialAddsPerTokenTerms() throws IOException {
        Path out = dir.resolve("out");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--data-path", images.toString(),
                "--out-dir", out.toString(), "--spatial", "--batch-size", "2").ok();
        List<ImageDecomposition> expected = new ArrayList<>();
        // batches of two, as the command ran them
        for (int start = 0; start < ordered.size(); start += 2) {
            expected.addAll(expected(ordered.subList(start, Math.min(ordered.size(), start + 2)),
                    DecompositionOptions.SPATIAL));
        }
        assertRows(out, "folder", "tiny", expected);
        assertArrayEquals(concat(expected, ImageDecomposition::spatial),
                floats(out.resolve("folder_attn_spatial_tiny.npy"), 5, L, N, H, D), TOLERANCE);
    }

    @Test
    void limitTakesTheFirstImages() throws IOException {
        Path out = dir.resolve("out");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--data-path", images.toString(),
                "--out-dir", out.toString(), "--limit", "2").ok();
        assertRows(out, "folder", "tiny", expected(ordered.subList(0, 2), DecompositionOptions.HEADS));
        assertArrayEquals(new long[] {0, 0}, longs(out.resolve("folder_labels_tiny.npy"), 2));
        assertEquals(2, lines(out.resolve("folder_files_tiny.txt")).size());
    }

    /** A copy of the image folder with an unreadable PNG as the second image of class dog. */
    private Path imagesWithACorruptPng() throws IOException {
        Path copy = dir.resolve("images");
        for (Path file : ordered) {
            Path target = copy.resolve(images.relativize(file));
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
        byte[] good = Files.readAllBytes(ordered.get(0));
        Files.write(copy.resolve("dog/y.png"), Arrays.copyOf(good, 40)); // signature and a cut IHDR
        return copy;
    }

    @Test
    void skipBadLeavesTheCorruptImageOutAndListsIt() throws IOException {
        Path data = imagesWithACorruptPng();
        Path out = dir.resolve("out");
        CliFixtures.Run r = run("decompose", "--model-dir", model.toString(), "--model-name", "tiny",
                "--data-path", data.toString(), "--out-dir", out.toString(), "--skip-bad").ok();
        assertTrue(r.out().contains("decomposed 5 of 6 images") && r.out().contains("1 skipped"), r.out());
        assertRows(out, "folder", "tiny", expected(ordered, DecompositionOptions.HEADS));
        assertArrayEquals(new long[] {0, 0, 1, 2, 2}, longs(out.resolve("folder_labels_tiny.npy"), 5));
        assertEquals(List.of("0\t0\tcat/a.png", "1\t0\tcat/b.png", "2\t1\tdog/x.png", "3\t2\tzebra/m.png",
                "4\t2\tzebra/n.png"), lines(out.resolve("folder_files_tiny.txt")));
        JsonArray skipped = JsonParser.parseString(Files.readString(out.resolve("folder_skipped_tiny.json")))
                .getAsJsonArray();
        assertEquals(1, skipped.size());
        JsonObject entry = skipped.get(0).getAsJsonObject();
        assertEquals(3, entry.get("index").getAsInt());
        assertEquals("dog/y.png", entry.get("id").getAsString());
        assertEquals("decode", entry.get("stage").getAsString());
        assertTrue(entry.get("reason").getAsString().contains("truncated"), entry.toString());
    }

    @Test
    void withoutSkipBadACorruptImageStopsTheRunNamingTheFile() throws IOException {
        Path data = imagesWithACorruptPng();
        CliFixtures.Run r = run("decompose", "--model-dir", model.toString(), "--data-path", data.toString(),
                "--out-dir", dir.resolve("out").toString());
        assertNotEquals(0, r.exit());
        // the command's own message names the file, not only the task failure Flink logs on the way
        String message = r.err().lines().filter(line -> line.startsWith("clipdecomp decompose:")).findFirst()
                .orElseThrow(() -> new AssertionError("no error message in:\n" + r.err()));
        assertTrue(message.contains("dog/y.png"), message);
        assertTrue(message.contains("--skip-bad"), message);
        assertFalse(r.err().contains("FATAL"), r.err());
    }

    /** Every entry of a folder, hidden ones included, with its bytes. */
    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.toList()) {
                assertTrue(Files.isRegularFile(p), p + " is not a file");
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertUnchanged(Map<String, byte[]> expected, Path out, String run) throws IOException {
        Map<String, byte[]> now = contents(out);
        assertEquals(expected.keySet(), now.keySet(), run + ": files in " + out);
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), now.get(name), run + " changed " + name);
        }
    }

    @Test
    void aFailedRerunLeavesEarlierResultsByteForByteAndASuccessfulOneReplacesThem() throws IOException {
        Path out = dir.resolve("out");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--data-path", images.toString(),
                "--out-dir", out.toString(), "--skip-bad").ok();
        Map<String, byte[]> good = contents(out);
        assertEquals(List.of("folder_attn_tiny.npy", "folder_cls_attn_tiny.npy", "folder_embeddings_tiny.npy",
                "folder_files_tiny.txt", "folder_labels_tiny.npy", "folder_mlp_tiny.npy", "folder_skipped_tiny.json"),
                List.copyOf(good.keySet()));

        Path damaged = dir.resolve("damaged");
        Files.createDirectories(damaged);
        for (String file : List.of(ModelFolder.CONFIG_FILE, ModelFolder.WEIGHTS_FILE, ModelFolder.TOKENIZER_FILE)) {
            Files.copy(model.resolve(file), damaged.resolve(file));
        }
        byte[] weights = Files.readAllBytes(damaged.resolve(ModelFolder.WEIGHTS_FILE));
        Files.write(damaged.resolve(ModelFolder.WEIGHTS_FILE), Arrays.copyOf(weights, weights.length - 4));
        CliFixtures.Run badModel = run("decompose", "--model-dir", damaged.toString(), "--model-name", "tiny",
                "--data-path", images.toString(), "--out-dir", out.toString());
        assertNotEquals(0, badModel.exit());
        assertTrue(badModel.err().contains("truncated"), badModel.err());
        assertUnchanged(good, out, "a run with a truncated weights file");

        CliFixtures.Run badDataset = run("decompose", "--model-dir", model.toString(), "--model-name", "tiny",
                "--data-path", dir.resolve("no-such-folder").toString(), "--out-dir", out.toString());
        assertNotEquals(0, badDataset.exit());
        assertTrue(badDataset.err().contains("no-such-folder"), badDataset.err());
        assertUnchanged(good, out, "a run with a missing dataset");

        // this one fails inside the job, after its sink has created the .npy files and taken the first rows
        CliFixtures.Run badImage = run("decompose", "--model-dir", model.toString(), "--model-name", "tiny",
                "--data-path", imagesWithACorruptPng().toString(), "--out-dir", out.toString(), "--batch-size", "1");
        assertNotEquals(0, badImage.exit());
        assertTrue(badImage.err().contains("dog/y.png"), badImage.err());
        assertUnchanged(good, out, "a run stopped by a corrupt image");

        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--data-path", images.toString(),
                "--out-dir", out.toString(), "--limit", "2").ok();
        Map<String, byte[]> replaced = contents(out);
        assertEquals(good.keySet(), replaced.keySet(), "the same names, nothing left aside");
        assertRows(out, "folder", "tiny", expected(ordered.subList(0, 2), DecompositionOptions.HEADS));
        assertArrayEquals(good.get("folder_skipped_tiny.json"), replaced.get("folder_skipped_tiny.json"),
                "a file of an earlier run that this run does not write is left alone");
    }

    @Test
    void aFailedFirstRunLeavesNoOutputFolder() {
        Path out = dir.resolve("fresh");
        CliFixtures.Run r = run("decompose", "--model-dir", model.toString(), "--data-path", images.toString(),
                "--out-dir", out.toString(), "--limit", "-1");
        assertNotEquals(0, r.exit());
        CliFixtures.Run stopped = run("decompose", "--model-dir", model.toString(), "--data-path",
                dir.resolve("no-such-folder").toString(), "--out-dir", out.toString());
        assertNotEquals(0, stopped.exit());
        assertFalse(Files.exists(out), "nothing was written, so no folder either");
    }

    @Test
    void waterbirdsLabelsAreYAndPlace() throws IOException {
        Path wb = dir.resolve("wb");
        ShapesDatasetWriter.write(wb, 20, 9, ShapesDatasetWriter.Layout.WATERBIRDS,
                DatasetOptions.defaults().withCanvasSize(16));
        List<Path> files = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        List<String> csv = lines(wb.resolve("metadata.csv"));
        assertEquals("img_id,img_filename,y,split,place,place_filename", csv.get(0));
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            if (f[3].equals("2")) {
                files.add(wb.resolve(f[1]));
                labels.add(Long.parseLong(f[2]));
                labels.add(Long.parseLong(f[4]));
            }
        }
        assertEquals(4, files.size(), "test split of 20 images");
        Path out = dir.resolve("out");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "binary_waterbirds",
                "--data-path", wb.toString(), "--out-dir", out.toString()).ok();
        long[] expectedLabels = labels.stream().mapToLong(Long::longValue).toArray();
        assertArrayEquals(expectedLabels, longs(out.resolve("binary_waterbirds_labels_tiny.npy"), 4, 2, 1));
        assertRows(out, "binary_waterbirds", "tiny", expected(files, DecompositionOptions.HEADS));
        List<String> fileList = lines(out.resolve("binary_waterbirds_files_tiny.txt"));
        assertEquals(4, fileList.size());
        assertEquals("0\t" + labels.get(0) + "," + labels.get(1) + "\t" + wb.relativize(files.get(0)), fileList.get(0));
    }

    @Test
    void npyDatasetTakesPreprocessedPixels() throws IOException {
        int s = CONFIG.vision().imageSize();
        SplittableRandom random = new SplittableRandom(4);
        List<float[]> pixels = new ArrayList<>();
        float[] all = new float[3 * 3 * s * s];
        for (int i = 0; i < 3; i++) {
            float[] p = new float[3 * s * s];
            for (int j = 0; j < p.length; j++) {
                p[j] = (float) (random.nextDouble() * 4 - 2);
            }
            pixels.add(p);
            System.arraycopy(p, 0, all, i * p.length, p.length);
        }
        Path npy = dir.resolve("pixels.npy");
        NpyWriter.write(npy, all, 3, 3, s, s);
        Path out = dir.resolve("out");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "npy",
                "--data-path", npy.toString(), "--out-dir", out.toString()).ok();
        assertRows(out, "npy", "tiny", decompose(pixels, DecompositionOptions.HEADS));
        assertArrayEquals(new long[] {0, 0, 0}, longs(out.resolve("npy_labels_tiny.npy"), 3));
        assertEquals(List.of("0\t0\tpixels.npy#0", "1\t0\tpixels.npy#1", "2\t0\tpixels.npy#2"),
                lines(out.resolve("npy_files_tiny.txt")));
    }

    @Test
    void shapesDatasetIsGeneratedWithoutADataPath() throws IOException {
        Path out = dir.resolve("out");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "shapes",
                "--count", "16", "--seed", "4", "--out-dir", out.toString()).ok();
        List<String> words = List.of("circle", "cross", "diamond", "heart", "ring", "square", "star", "triangle");
        ClipImagePreprocessor preprocessor = ClipImagePreprocessor.forModel(CONFIG);
        List<float[]> first = new ArrayList<>();
        List<float[]> second = new ArrayList<>();
        long[] labels = new long[16];
        List<String> fileList = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Scene scene = SceneGenerator.render(4, i, SceneGenerator.DEFAULT_CANVAS,
                    SceneSpec.any().withObjectCount(1));
            (i < 8 ? first : second).add(preprocessor.toPixels(scene.image(), ColourConversion.BEFORE_RESIZE));
            labels[i] = words.indexOf(scene.objects().get(0).shape().word());
            fileList.add(i + "\t" + labels[i] + "\tshapes_" + i);
        }
        List<ImageDecomposition> expected = new ArrayList<>(decompose(first, DecompositionOptions.HEADS));
        expected.addAll(decompose(second, DecompositionOptions.HEADS));
        assertRows(out, "shapes", "tiny", expected);
        assertArrayEquals(labels, longs(out.resolve("shapes_labels_tiny.npy"), 16));
        assertEquals(fileList, lines(out.resolve("shapes_files_tiny.txt")));
    }

    @Test
    void shapesOptionsAreRefusedForOtherDatasets() {
        CliFixtures.Run r = run("decompose", "--model-dir", model.toString(), "--data-path", images.toString(),
                "--count", "3", "--out-dir", dir.resolve("out").toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--count") && r.err().contains("shapes"), r.err());
        CliFixtures.Run shapesWithPath = run("decompose", "--model-dir", model.toString(), "--dataset", "shapes",
                "--data-path", images.toString(), "--out-dir", dir.resolve("out").toString());
        assertNotEquals(0, shapesWithPath.exit());
        assertTrue(shapesWithPath.err().contains("no data path"), shapesWithPath.err());
        CliFixtures.Run noPath = run("decompose", "--model-dir", model.toString(), "--out-dir",
                dir.resolve("out").toString());
        assertNotEquals(0, noPath.exit());
        assertTrue(noPath.err().contains("--data-path"), noPath.err());
    }

    @Test
    void negativeLimitAndEmptyBatchesAreRefusedByName() {
        CliFixtures.Run limit = run("decompose", "--model-dir", model.toString(), "--data-path", images.toString(),
                "--out-dir", dir.resolve("out").toString(), "--limit", "-1");
        assertNotEquals(0, limit.exit());
        assertTrue(limit.err().contains("--limit"), limit.err());
        CliFixtures.Run batch = run("decompose", "--model-dir", model.toString(), "--data-path", images.toString(),
                "--out-dir", dir.resolve("out").toString(), "--batch-size", "0");
        assertNotEquals(0, batch.exit());
        assertTrue(batch.err().contains("batch size"), batch.err());
    }

    @Test
    void outDirIsCreatedWhenMissing() throws IOException {
        Path out = dir.resolve("a/b/c");
        assertFalse(Files.exists(dir.resolve("a")));
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--data-path", images.toString(),
                "--out-dir", out.toString(), "--limit", "1").ok();
        assertTrue(Files.isRegularFile(out.resolve("folder_attn_tiny.npy")));
    }

    @Test
    void relativePathsResolveAgainstTheWorkingDirectory() throws IOException {
        Path cwd = Path.of(System.getProperty("user.dir"));
        String outName = "target/decompose-relative-" + System.nanoTime();
        Path out = cwd.resolve(outName);
        try {
            CliFixtures.Run r = run("decompose", "--model-dir", CliFixtures.relative(model), "--model-name", "tiny",
                    "--data-path", CliFixtures.relative(images), "--out-dir", outName, "--limit", "2").ok();
            assertTrue(r.out().contains(out.toString()), r.out());
            assertRows(out, "folder", "tiny", expected(ordered.subList(0, 2), DecompositionOptions.HEADS));
        } finally {
            deleteTree(out);
        }
    }

    @Test
    void modelNameDefaultsToTheFolderNameEvenForPathsEndingInDot() throws IOException {
        Path out = dir.resolve("out");
        run("decompose", "--model-dir", CliFixtures.relative(model) + "/.", "--data-path", images.toString(),
                "--out-dir", out.toString(), "--limit", "1").ok();
        assertTrue(Files.isRegularFile(out.resolve("folder_attn_tiny.npy")), "outputs named after the folder 'tiny'");
    }

    @Test
    void gpuWithoutACudaLibtorchFailsFastWithTheExplanation() {
        CliFixtures.Run r = run("decompose", "--model-dir", model.toString(), "--data-path", images.toString(),
                "--out-dir", dir.resolve("out").toString(), "--device", "gpu");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--device gpu"), r.err());
        assertTrue(r.err().contains("CUDA build of libtorch") && r.err().contains("PYTORCH_LIBRARY_PATH"), r.err());
        assertFalse(Files.exists(dir.resolve("out").resolve("folder_attn_tiny.npy")));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
