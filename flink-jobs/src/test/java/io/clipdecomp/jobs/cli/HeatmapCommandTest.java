package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heatmap} on a tiny random model: the raw map against the spatial terms of {@code decompose --spatial}
 * summed and dotted here, the notebook's preprocessing of an RGBA file, and the PNG files with their sizes.
 */
class HeatmapCommandTest {
    private static final List<String> TEXTS = List.of("a red circle", "a blue square", "a green triangle");
    private static final int SIZE = 16; // CliFixtures' model: 16 px, patch 8, 2 layers of 2 heads
    private static final int PATCHES = 4;

    @TempDir
    static Path shared;
    private static Path model;
    private static Path texts;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        model = CliFixtures.model(shared.resolve("tiny"));
        texts = Files.write(shared.resolve("texts.txt"), TEXTS, StandardCharsets.UTF_8);
    }

    @Test
    void theRawMapIsTheSpatialTermsDottedWithTheTextsAndEveryPngHasTheModelsSize() throws IOException {
        Path image = CliFixtures.png(dir.resolve("in/scene.png"), 26, 19, 3);
        Path out = dir.resolve("out");
        CliFixtures.Run r = run("heatmap", "--model-dir", model.toString(), "--image", image.toString(),
                "--texts", texts.toString(), "--out-dir", out.toString(), "--save-npy", "--head", "1.0").ok();
        assertTrue(r.out().contains("heatmaps of scene.png for 3 texts (head 1.0)"), r.out());
        float[] all = CliFixtures.floats(out.resolve("scene_map.npy"), PATCHES, TEXTS.size());
        float[] head = CliFixtures.floats(out.resolve("scene_head1.0_map.npy"), PATCHES, TEXTS.size());
        assertClose(plainMap(image, ColourConversion.AFTER_CROP, null), all, "all heads");
        assertClose(plainMap(image, ColourConversion.AFTER_CROP, new HeadIndex(1, 0)), head, "head 1.0");
        assertPng(out.resolve("scene_input.png"));
        for (int k = 0; k < TEXTS.size(); k++) {
            assertPng(out.resolve("scene_head1.0_text" + k + ".png"));
            assertPng(out.resolve("scene_head1.0_text" + k + "_vs_mean.png"));
        }
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("scene_head1.0_heatmaps.json")))
                .getAsJsonObject();
        assertEquals("1.0", json.get("head").getAsString());
        assertEquals(TEXTS.get(2), json.getAsJsonArray("texts").get(2).getAsJsonObject().get("text").getAsString());
        try (var files = Files.list(out)) {
            assertEquals(1 + 2 * TEXTS.size() + 2 + 1, files.count(), "input, two maps per text, two arrays, index");
        }
    }

    @Test
    void anRgbaImageIsResizedInItsOwnModeAsTheNotebooksPreprocess() throws IOException {
        // transparent on the left with colour kept under alpha 0: premultiplied resizing differs from RGB first
        BufferedImage rgba = new BufferedImage(30, 22, BufferedImage.TYPE_INT_ARGB);
        SplittableRandom random = new SplittableRandom(8);
        for (int y = 0; y < 22; y++) {
            for (int x = 0; x < 30; x++) {
                int alpha = x < 12 ? 0 : Math.min(255, (x - 12) * 30);
                rgba.setRGB(x, y, alpha << 24 | random.nextInt(1 << 24));
            }
        }
        Path image = dir.resolve("alpha.png");
        assertTrue(ImageIO.write(rgba, "png", image.toFile()));
        Path out = dir.resolve("out");
        run("heatmap", "--model-dir", model.toString(), "--image", image.toString(), "--texts", texts.toString(),
                "--out-dir", out.toString(), "--save-npy").ok();
        float[] map = CliFixtures.floats(out.resolve("alpha_map.npy"), PATCHES, TEXTS.size());
        assertClose(plainMap(image, ColourConversion.AFTER_CROP, null), map, "RGB after resizing");
        double[] before = plainMap(image, ColourConversion.BEFORE_RESIZE, null);
        double largest = 0;
        for (int i = 0; i < map.length; i++) {
            largest = Math.max(largest, Math.abs(before[i] - map[i]));
        }
        assertTrue(largest > 1e-3, "the folder loader's order would give another map (differs by " + largest + ")");
    }

    @Test
    void oneTextHasNoContrastMapAndAHeadOutsideTheModelIsRefused() throws IOException {
        Path image = CliFixtures.png(dir.resolve("one.png"), 16, 16, 5);
        Path one = Files.write(dir.resolve("one.txt"), List.of("a red circle"), StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        run("heatmap", "--model-dir", model.toString(), "--image", image.toString(), "--texts", one.toString(),
                "--out-dir", out.toString()).ok();
        assertPng(out.resolve("one_text0.png"));
        assertFalse(Files.exists(out.resolve("one_text0_vs_mean.png")));
        assertFalse(Files.exists(out.resolve("one_map.npy")), "no array without --save-npy");
        CliFixtures.Run bad = run("heatmap", "--model-dir", model.toString(), "--image", image.toString(),
                "--texts", one.toString(), "--out-dir", dir.resolve("bad").toString(), "--head", "2.0");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("--head 2.0 is outside the model's 2 layers of 2 heads"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    /** Σ over layers and heads (or one) of ImageDecomposer's spatial terms of the image patches, · each unit text. */
    private static double[] plainMap(Path image, ColourConversion when, HeadIndex only) throws IOException {
        ModelFolder folder = ModelFolder.open(model);
        ClipConfig config = folder.config();
        RasterImage raster = ImageDecoder.read(image);
        float[] pixels = new ClipImagePreprocessor(SIZE, config.preprocess().mean(), config.preprocess().std())
                .toPixels(raster, when);
        try (ClipModel clip = ClipModel.load(folder, Device.cpu());
             ClipTokenizer tokenizer = ClipTokenizer.forModel(folder);
             ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            float[][] unit = new TextEncoder(clip, tokenizer).encodeNormalized(TEXTS, 8);
            ImageDecomposition r = decomposer.decompose(List.of(pixels), DecompositionOptions.SPATIAL).get(0);
            int d = r.dim();
            double[] map = new double[PATCHES * TEXTS.size()];
            for (int l = 0; l < r.layers(); l++) {
                for (int p = 0; p < PATCHES; p++) {
                    for (int h = 0; h < r.heads(); h++) {
                        if (only != null && (l != only.layer() || h != only.head())) {
                            continue;
                        }
                        int o = ((l * r.tokens() + 1 + p) * r.heads() + h) * d;
                        for (int t = 0; t < TEXTS.size(); t++) {
                            for (int j = 0; j < d; j++) {
                                map[p * TEXTS.size() + t] += r.spatial()[o + j] * unit[t][j];
                            }
                        }
                    }
                }
            }
            return map;
        }
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, what + " at " + i);
        }
    }

    private static void assertPng(Path file) throws IOException {
        BufferedImage png = ImageIO.read(file.toFile());
        assertEquals(SIZE, png.getWidth(), file + " width");
        assertEquals(SIZE, png.getHeight(), file + " height");
    }
}
