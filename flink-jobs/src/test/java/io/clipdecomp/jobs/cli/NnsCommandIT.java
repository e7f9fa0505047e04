package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.floats;
import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.data.ShapesDataset;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.SceneGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clipdecomp nns}: over the dataset and over decompose's files, against a plain sort of every image's score
 * computed here from decompose's attn file; the grid's size and tiles.
 */
class NnsCommandIT {
    private static final ClipConfig CONFIG = CliFixtures.config();
    private static final int COUNT = 40;
    private static final int SEED = 3;
    private static final int LAYER = 1;
    private static final int HEAD = 0;
    /** Scores of one image decomposed in another batch or another route differ in the last float bits. */
    private static final double SCORE_TOLERANCE = 1e-5;

    @TempDir
    static Path shared;
    private static Path model;
    private static Path query;
    private static Path decomposed;
    /** Every row of the dataset, best first, by scores computed here: {score, row}. */
    private static List<double[]> expected;

    @TempDir
    Path dir;

    @BeforeAll
    static void decomposeAndRankEverything() throws IOException {
        model = CliFixtures.model(shared.resolve("tiny"));
        query = CliFixtures.png(shared.resolve("query.png"), 23, 19, 8);
        decomposed = shared.resolve("decomposed");
        run("decompose", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "shapes", "--count",
                "" + COUNT, "--seed", "" + SEED, "--out-dir", decomposed.toString()).ok();
        int l = CONFIG.vision().layers();
        int h = CONFIG.vision().heads();
        int d = CONFIG.embedDim();
        float[] attn = floats(decomposed.resolve("shapes_attn_tiny.npy"), COUNT, l, h, d);
        ClipImagePreprocessor preprocessor = new ClipImagePreprocessor(CONFIG.vision().imageSize(),
                CONFIG.preprocess().mean(), CONFIG.preprocess().std());
        float[] q;
        try (ClipModel clip = ClipModel.load(model, Device.cpu()); ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            q = decomposer.decompose(List.of(preprocessor.toPixels(ImageDecoder.read(query),
                    ColourConversion.BEFORE_RESIZE)), DecompositionOptions.HEADS).get(0).headTerms();
        }
        int at = (LAYER * h + HEAD) * d;
        expected = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            double score = 0;
            for (int j = 0; j < d; j++) {
                score += (double) attn[i * l * h * d + at + j] * q[at + j];
            }
            expected.add(new double[] {score, i});
        }
        expected.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]).reversed());
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static String[] common(String... more) {
        return withHead(LAYER + "." + HEAD, more);
    }

    private static String[] withHead(String head, String... more) {
        List<String> args = new ArrayList<>(List.of("nns", "--model-dir", model.toString(), "--model-name", "tiny",
                "--dataset", "shapes", "--count", "" + COUNT, "--seed", "" + SEED, "--query", query.toString(),
                "--head", head));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    private static void assertNeighbours(JsonObject result, int top) {
        JsonArray neighbours = result.getAsJsonArray("neighbours");
        assertEquals(top, neighbours.size());
        double scale = Math.abs(expected.get(0)[0]);
        for (int r = 0; r < top; r++) {
            JsonObject n = neighbours.get(r).getAsJsonObject();
            long row = (long) expected.get(r)[1];
            assertEquals(r + 1, n.get("rank").getAsInt());
            assertEquals(row, n.get("index").getAsLong(), "rank " + (r + 1));
            assertEquals("shapes_" + row, n.get("id").getAsString());
            assertEquals(expected.get(r)[0], n.get("score").getAsDouble(), SCORE_TOLERANCE * scale, "rank " + (r + 1));
        }
    }

    @Test
    void bothRoutesGiveThePlainSortsTopAndTheGridShowsThoseImages() throws IOException {
        Path overDataset = dir.resolve("dataset");
        Path overFiles = dir.resolve("files");
        CliFixtures.Run r = run(common("--top", "15", "--out-dir", overDataset.toString())).ok();
        run(common("--top", "15", "--input-dir", decomposed.toString(), "--out-dir", overFiles.toString())).ok();
        assertTrue(r.out().startsWith("rank"), r.out());
        String stem = "query_nns_shapes_head" + LAYER + "." + HEAD + "_tiny";
        for (Path out : List.of(overDataset, overFiles)) {
            JsonObject result = json(out.resolve(stem + ".json"));
            assertNeighbours(result, 15);
            assertEquals(COUNT, result.get("images").getAsInt());
            assertEquals(LAYER, result.get("layer").getAsInt());
            assertEquals(HEAD, result.get("head").getAsInt());
            JsonObject grid = result.getAsJsonObject("grid");
            assertEquals(3, grid.get("rows").getAsInt());
            assertEquals(5, grid.get("cols").getAsInt());
            RasterImage png = ImageDecoder.read(out.resolve(grid.get("file").getAsString()));
            int s = CONFIG.vision().imageSize();
            assertEquals(5 * s, png.width());
            assertEquals(3 * s, png.height());
            // tile t is neighbour t as the model's preprocessing crops it
            ClipImagePreprocessor preprocessor = new ClipImagePreprocessor(s, CONFIG.preprocess().mean(),
                    CONFIG.preprocess().std());
            try (ShapesDataset scenes = new ShapesDataset(COUNT, SEED, SceneGenerator.DEFAULT_CANVAS)) {
                for (int t = 0; t < 15; t++) {
                    RasterImage crop = preprocessor.resizeAndCrop(scenes.scene((int) expected.get(t)[1]).image(),
                            ColourConversion.BEFORE_RESIZE);
                    byte[] tile = png.crop((t % 5) * s, (t / 5) * s, s, s).toRgb().samples();
                    assertArrayEquals(crop.samples(), tile, "tile " + t);
                }
            }
        }
        assertEquals("model", json(overDataset.resolve(stem + ".json")).get("source").getAsString());
    }

    @Test
    void anotherTopGetsItsOwnLayoutAndALimitScansFewerImages() throws IOException {
        run(common("--top", "4", "--limit", "25", "--input-dir", decomposed.toString(), "--out-dir",
                dir.toString())).ok();
        JsonObject result = json(dir.resolve("query_nns_shapes_head1.0_tiny.json"));
        assertEquals(25, result.get("images").getAsInt());
        List<double[]> first = new ArrayList<>(expected.stream().filter(e -> e[1] < 25).toList());
        JsonArray neighbours = result.getAsJsonArray("neighbours");
        for (int r = 0; r < 4; r++) {
            assertEquals((long) first.get(r)[1], neighbours.get(r).getAsJsonObject().get("index").getAsLong());
        }
        RasterImage png = ImageDecoder.read(dir.resolve("query_nns_shapes_head1.0_tiny.png"));
        assertEquals(3 * 16, png.width());
        assertEquals(2 * 16, png.height());
    }

    @Test
    void anUnreadableImageStopsTheSearchByNameOrIsListedWithSkipBad() throws IOException {
        Path images = dir.resolve("images");
        CliFixtures.png(images.resolve("a/one.png"), 20, 20, 1);
        CliFixtures.png(images.resolve("a/two.png"), 20, 20, 2);
        Files.writeString(images.resolve("a/broken.png"), "not a png");
        String[] base = {"nns", "--model-dir", model.toString(), "--model-name", "tiny", "--dataset", "folder",
                "--data-path", images.toString(), "--query", query.toString(), "--head", "0.1", "--top", "5",
                "--out-dir", dir.toString()};
        CliFixtures.Run failed = run(base);
        assertEquals(1, failed.exit());
        assertTrue(failed.err().contains("a/broken.png") && failed.err().contains("--skip-bad"), failed.err());
        List<String> args = new ArrayList<>(List.of(base));
        args.add("--skip-bad");
        run(args.toArray(String[]::new)).ok();
        JsonObject result = json(dir.resolve("query_nns_folder_head0.1_tiny.json"));
        assertEquals(2, result.get("images").getAsInt());
        assertEquals(2, result.getAsJsonArray("neighbours").size());
        JsonArray skipped = result.getAsJsonArray("skipped");
        assertEquals(1, skipped.size());
        assertEquals("a/broken.png", skipped.get(0).getAsJsonObject().get("id").getAsString());
    }

    @Test
    void flagsThatCannotApplyAreRefused() {
        CliFixtures.Run head = run(withHead("2.0", "--out-dir", dir.toString()));
        assertEquals(1, head.exit());
        assertTrue(head.err().contains("layers are 0..1"), head.err());
        CliFixtures.Run format = run(withHead("1", "--out-dir", dir.toString()));
        assertTrue(format.err().contains("layer.head"), format.err());
        CliFixtures.Run batch = run(common("--input-dir", decomposed.toString(), "--batch-size", "4", "--out-dir",
                dir.toString()));
        assertEquals(1, batch.exit());
        assertTrue(batch.err().contains("--batch-size"), batch.err());
    }
}
