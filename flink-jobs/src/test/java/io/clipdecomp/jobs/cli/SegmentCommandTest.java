package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.io.NpyReader;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.train.PatchGridSegmentation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segment --dataset segfolder} on what {@code generate-shapes --layout segmentation} writes, with the bundled
 * model and a classifier from {@code text-project}. The metrics in the JSON are recomputed here from the PNGs the run
 * saved (its masks and binary predictions), the saved masks checked against the dataset's own, the options
 * checked to take effect, and the model card's figures (scenes generated in memory) checked to be segment's.
 */
class SegmentCommandTest {
    private static final int IMAGES = 6;
    private static final int SIZE = 64; // the bundled model's input size: masks need no resizing
    private static final String MODEL = "shapes-tiny";

    @TempDir
    static Path shared;
    private static Path data;
    private static Path classifier;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        data = shared.resolve("shapes");
        run("generate-shapes", "--out", data.toString(), "--count", "" + IMAGES, "--seed", "3", "--layout",
                "segmentation", "--size", "" + SIZE).ok();
        run("text-project", "--dataset", "shapes", "--out-dir", shared.toString()).ok();
        classifier = shared.resolve("shapes_classifier_" + MODEL + ".npy");
    }

    private CliFixtures.Run segment(Path out, String... more) {
        String[] base = {"segment", "--dataset", "segfolder", "--data-path", data.toString(), "--classifier",
            classifier.toString(), "--out-dir", out.toString(), "--batch-size", "4"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return run(args);
    }

    private static JsonObject json(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("segfolder_segmentation_" + MODEL + ".json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static RasterImage png(Path file) throws IOException {
        return ImageDecoder.read(file);
    }

    @Test
    void metricsAreThoseOfTheSavedMasksAndPredictions() throws IOException {
        Path out = dir.resolve("out");
        CliFixtures.Run r = segment(out, "--save-img").ok();
        JsonObject json = json(out);
        assertEquals(IMAGES, json.get("images").getAsInt());
        assertEquals("all", json.get("heads").getAsString());
        assertFalse(json.get("alignedMasks").getAsBoolean());

        Path images = out.resolve("segfolder_segmentation_" + MODEL + "_images");
        long correct = 0;
        long[] inter = new long[2];
        long[] union = new long[2];
        double apSum = 0;
        JsonArray perImage = json.getAsJsonArray("perImage");
        for (int i = 0; i < IMAGES; i++) {
            String name = String.format("%05d.png", i);
            assertEquals(name, perImage.get(i).getAsJsonObject().get("id").getAsString());
            RasterImage truth = png(images.resolve(i + "_mask.png"));
            RasterImage predicted = png(images.resolve(i + "_prediction.png"));
            RasterImage original = png(data.resolve("masks").resolve(name));
            assertEquals(SIZE, png(images.resolve(i + "_input.png")).width());
            assertEquals(3, png(images.resolve(i + "_heatmap.png")).mode().bands());
            long imageCorrect = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int t = truth.sample(x, y, 0) != 0 ? 1 : 0;
                    int p = predicted.sample(x, y, 0) != 0 ? 1 : 0;
                    assertEquals(original.sample(x, y, 0) != 0 ? 1 : 0, t, "saved mask = dataset mask at " + x + "," + y);
                    if (t == p) {
                        imageCorrect++;
                        inter[t]++;
                    }
                    union[t]++;
                    if (t != p) {
                        union[p]++;
                    }
                }
            }
            assertEquals(imageCorrect, perImage.get(i).getAsJsonObject().get("correct").getAsLong(), "image " + i);
            correct += imageCorrect;
            apSum += perImage.get(i).getAsJsonObject().get("ap").getAsDouble();
        }
        double eps = Math.ulp(1.0);
        assertEquals(correct / (eps + IMAGES * SIZE * SIZE), json.get("pixelAccuracy").getAsDouble(), 1e-15);
        assertEquals((inter[0] / (eps + union[0]) + inter[1] / (eps + union[1])) / 2, json.get("meanIoU").getAsDouble(),
                1e-15);
        double meanAP = json.get("meanAP").getAsDouble();
        assertEquals(apSum / IMAGES, meanAP, 1e-12);
        assertTrue(meanAP > 0 && meanAP <= 1, "mAP " + meanAP);

        // the original's three lines, printed and written
        List<String> lines = Files.readAllLines(out.resolve("segfolder_segmentation_" + MODEL + ".txt"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).matches("Mean IoU over 2 classes: \\d\\.\\d{4}"), lines.get(0));
        assertTrue(lines.get(1).matches("Pixel-wise Accuracy: \\d+\\.\\d{2}%"), lines.get(1));
        assertTrue(lines.get(2).matches("Mean AP over 2 classes: \\d\\.\\d{4}"), lines.get(2));
        for (String line : lines) {
            assertTrue(r.out().contains(line), r.out());
        }
        assertTrue(r.err().contains("pixAcc: "), "the progress line shows the running metrics: " + r.err());

        // the pooled curve: one precision per recall, recall falling to 0, closed by precision 1
        try (NpyReader p = NpyReader.open(out.resolve("precision.npy"));
             NpyReader rc = NpyReader.open(out.resolve("recall.npy"))) {
            float[] precision = p.readFloats();
            float[] recall = rc.readFloats();
            assertEquals(precision.length, recall.length);
            assertTrue(precision.length >= 2 && precision.length <= IMAGES * SIZE * SIZE + 1);
            assertEquals(1f, recall[0]);
            assertEquals(0f, recall[recall.length - 1]);
            assertEquals(1f, precision[precision.length - 1]);
            for (int i = 1; i < recall.length; i++) {
                assertTrue(recall[i] <= recall[i - 1], "recall decreases at " + i);
            }
        }
    }

    @Test
    void optionsTakeEffect() throws IOException {
        Path all = dir.resolve("all");
        segment(all).ok();
        // every head listed one by one is all heads; square images crop as they stretch
        StringBuilder every = new StringBuilder();
        for (int l = 0; l < 4; l++) {
            for (int h = 0; h < 4; h++) {
                every.append(every.length() == 0 ? "" : ",").append(l).append('.').append(h);
            }
        }
        Path listed = dir.resolve("listed");
        segment(listed, "--heads", every.toString(), "--aligned-masks").ok();
        JsonObject a = json(all);
        JsonObject b = json(listed);
        assertTrue(b.get("alignedMasks").getAsBoolean());
        assertEquals(16, b.getAsJsonArray("heads").size());
        for (String k : new String[] {"pixelAccuracy", "meanIoU", "meanAP"}) {
            assertEquals(a.get(k).getAsDouble(), b.get(k).getAsDouble(), 1e-6, k);
        }
        Path one = dir.resolve("one");
        segment(one, "--heads", "3.1", "--limit", "2").ok();
        JsonObject c = json(one);
        assertEquals(2, c.get("images").getAsInt());
        JsonElement heads = c.get("heads");
        assertEquals("[[3,1]]", heads.toString());
        assertFalse(Files.exists(one.resolve("segfolder_segmentation_" + MODEL + "_images")), "no images unasked");
    }

    @Test
    void referenceMapsGoThroughTheSameProtocolIntoTheirOwnFiles() throws IOException {
        Path out = dir.resolve("maps");
        segment(out).ok();
        JsonObject decomposition = json(out);
        byte[] precision = Files.readAllBytes(out.resolve("precision.npy"));
        for (String map : new String[] {"centre", "cls-attention", "mask-coverage"}) {
            run("segment", "--dataset", "segfolder", "--data-path", data.toString(), "--map", map, "--out-dir",
                    out.toString()).ok();
            JsonObject reference = JsonParser.parseString(Files.readString(
                    out.resolve("segfolder_segmentation_" + MODEL + "_" + map + ".json"), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            assertEquals(map, reference.get("map").getAsString());
            assertEquals(IMAGES, reference.get("images").getAsInt());
            assertTrue(Files.isRegularFile(out.resolve("precision_" + map + ".npy")), map + "'s own curve");
            assertTrue(Files.isRegularFile(out.resolve("recall_" + map + ".npy")), map + "'s own curve");
            for (JsonElement image : reference.getAsJsonArray("perImage")) {
                assertEquals(-1, image.getAsJsonObject().get("predictedClass").getAsInt(), map + " uses no class");
            }
        }
        assertEquals(IMAGES, decomposition.get("images").getAsInt());
        assertArrayEquals(precision, Files.readAllBytes(out.resolve("precision.npy")),
                "the reference maps leave the decomposition's curve alone");
        CliFixtures.Run refused = run("segment", "--dataset", "segfolder", "--data-path", data.toString(), "--map",
                "centre", "--classifier", classifier.toString(), "--out-dir", out.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("--map centre uses no classes"), refused.err());
    }

    @Test
    void refusesBadArgumentsBeforeWritingAnything() throws IOException {
        Path out = dir.resolve("refused");
        CliFixtures.Run r = segment(out, "--heads", "4.0");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("head 4.0 is not in the model: it has layers 0-3 with heads 0-3"), r.err());
        Path wrong = dir.resolve("wrong.npy");
        io.clipdecomp.core.io.NpyWriter.write(wrong, new float[10 * 3], 10, 3);
        r = run("segment", "--dataset", "segfolder", "--data-path", data.toString(), "--classifier", wrong.toString(),
                "--out-dir", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the model's embedding has 64 dimensions, the classifier 10"), r.err());
        r = run("segment", "--dataset", "pascal", "--data-path", data.toString(), "--classifier",
                classifier.toString(), "--out-dir", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown segmentation dataset 'pascal'; known: imagenet_seg, segfolder"), r.err());
        assertFalse(Files.exists(out), "nothing written: " + out);
    }

    @Test
    void theModelCardsFiguresAreWhatSegmentReportsOnTheSameScenes() throws IOException {
        Path out = dir.resolve("seg");
        run("segment", "--dataset", "segfolder", "--data-path", data.toString(), "--classifier",
                classifier.toString(), "--out-dir", out.toString()).ok();
        run("segment", "--dataset", "segfolder", "--data-path", data.toString(), "--map", "mask-coverage",
                "--out-dir", out.toString()).ok();
        ModelFolder folder = ModelFolder.open(Installation.defaultModelDir());
        PatchGridSegmentation card;
        try (ClipTokenizer tokenizer = ClipTokenizer.forModel(folder);
             ClipModel model = ClipModel.load(folder, Device.cpu())) {
            // the card's scenes are generated in memory, segment's were read back from the PNG files
            card = PatchGridSegmentation.measure(model, tokenizer, 3, IMAGES);
        }
        assertScores(json(out), card.model());
        assertScores(JsonParser.parseString(Files.readString(out.resolve("segfolder_segmentation_" + MODEL
                + "_mask-coverage.json"), StandardCharsets.UTF_8)).getAsJsonObject(), card.maskCoverage());
    }

    /**
     * Equal up to float rounding in the model, which may move a pixel that sits on the threshold: two pixels of the
     * {@value #IMAGES} images for the pixel accuracy, and what two pixels can move an IoU of a few thousand for mIoU.
     */
    private static void assertScores(JsonObject report, PatchGridSegmentation.Scores scores) {
        double twoPixels = 2.0 / (IMAGES * SIZE * SIZE);
        assertEquals(report.get("pixelAccuracy").getAsDouble(), scores.pixelAccuracy(), twoPixels, "pixel accuracy");
        assertEquals(report.get("meanIoU").getAsDouble(), scores.meanIoU(), 1e-3, "mIoU");
        assertEquals(report.get("meanAP").getAsDouble(), scores.meanAP(), 1e-6, "mAP");
    }
}
