package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.DatasetOptions;
import io.clipdecomp.core.shapes.ShapesDatasetWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clipdecomp generate-shapes}: flags mapped onto the dataset writer, errors reported. */
class GenerateShapesCommandTest {
    @TempDir
    Path dir;

    /** Relative paths of the regular files under {@code root}, sorted. */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        List<String> names = files(expected);
        assertEquals(names, files(actual));
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)),
                    name);
        }
    }

    @Test
    void folderLayoutWithEveryFlag() throws IOException {
        Path out = dir.resolve("gen");
        CliFixtures.Run r = run("generate-shapes", "--out", out.toString(), "--count", "16", "--seed", "3",
                "--layout", "folder", "--size", "20").ok();
        assertTrue(r.out().contains("16") && r.out().contains(out.toString()), r.out());
        List<String> names = files(out);
        assertEquals(16, names.size());
        for (String shape : List.of("circle", "cross", "diamond", "heart", "ring", "square", "star", "triangle")) {
            assertEquals(2, names.stream().filter(n -> n.startsWith(shape + "/")).count(), shape);
        }
        RasterImage image = ImageDecoder.read(out.resolve(names.get(0)));
        assertEquals(20, image.width());
        assertEquals(20, image.height());
        Path reference = dir.resolve("reference");
        ShapesDatasetWriter.write(reference, 16, 3, ShapesDatasetWriter.Layout.FOLDER,
                DatasetOptions.defaults().withCanvasSize(20));
        assertSameTree(reference, out);
    }

    @Test
    void defaultsAreFolderLayoutSeedZeroAnd64Pixels() throws IOException {
        Path out = dir.resolve("gen");
        run("generate-shapes", "--out", out.toString(), "--count", "8").ok();
        Path reference = dir.resolve("reference");
        ShapesDatasetWriter.write(reference, 8, 0, ShapesDatasetWriter.Layout.FOLDER, DatasetOptions.defaults());
        assertSameTree(reference, out);
        assertEquals(64, ImageDecoder.read(out.resolve(files(out).get(0))).width());
    }

    @Test
    void waterbirdsLayoutFollowsTheSpuriousRate() throws IOException {
        Path out = dir.resolve("wb");
        run("generate-shapes", "--out", out.toString(), "--count", "40", "--seed", "1", "--layout", "waterbirds",
                "--size", "16", "--spurious-rate", "1.0").ok();
        List<String> csv = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
        assertEquals("img_id,img_filename,y,split,place,place_filename", csv.get(0));
        assertEquals(41, csv.size());
        int[] perSplit = new int[3];
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            int split = Integer.parseInt(f[3]);
            perSplit[split]++;
            if (split != 2) {
                assertEquals(f[2], f[4], "rate 1.0: every train/val image on its usual background: " + line);
            }
            assertTrue(Files.isRegularFile(out.resolve(f[1])), f[1]);
        }
        assertArrayEquals(new int[] {24, 8, 8}, perSplit);
        Path reference = dir.resolve("reference");
        ShapesDatasetWriter.write(reference, 40, 1, ShapesDatasetWriter.Layout.WATERBIRDS,
                DatasetOptions.defaults().withCanvasSize(16).withSpuriousCorrelation(1.0));
        assertSameTree(reference, out);
    }

    @Test
    void segmentationLayoutHasImagesAndMasks() throws IOException {
        Path out = dir.resolve("seg");
        run("generate-shapes", "--out", out.toString(), "--count", "3", "--layout", "SEGMENTATION", "--size",
                "16").ok();
        assertEquals(List.of("images/00000.png", "images/00001.png", "images/00002.png", "masks/00000.png",
                "masks/00001.png", "masks/00002.png"), files(out));
    }

    @Test
    void badArgumentsAreReported() throws IOException {
        CliFixtures.Run layout = run("generate-shapes", "--out", dir.resolve("a").toString(), "--count", "8",
                "--layout", "imagenet");
        assertNotEquals(0, layout.exit());
        assertTrue(layout.err().contains("unknown layout 'imagenet'"), layout.err());

        CliFixtures.Run rate = run("generate-shapes", "--out", dir.resolve("b").toString(), "--count", "8",
                "--spurious-rate", "1.5");
        assertNotEquals(0, rate.exit());
        assertTrue(rate.err().contains("spurious correlation") && rate.err().contains("1.5"), rate.err());

        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        CliFixtures.Run notEmpty = run("generate-shapes", "--out", full.toString(), "--count", "8");
        assertNotEquals(0, notEmpty.exit());
        assertTrue(notEmpty.err().contains("not empty"), notEmpty.err());
        assertEquals(List.of("keep.txt"), files(full));

        CliFixtures.Run tooFew = run("generate-shapes", "--out", dir.resolve("c").toString(), "--count", "3");
        assertNotEquals(0, tooFew.exit());
        assertTrue(tooFew.err().contains("at least one image per shape"), tooFew.err());

        CliFixtures.Run noOut = run("generate-shapes", "--count", "8");
        assertEquals(2, noOut.exit(), "picocli's usage error status");
        assertTrue(noOut.err().contains("--out"), noOut.err());
    }

    @Test
    void isListedInTheTopLevelHelp() {
        CliFixtures.Run help = run("--help").ok();
        assertTrue(help.out().contains("generate-shapes"), help.out());
        CliFixtures.Run own = run("generate-shapes", "--help").ok();
        assertTrue(own.out().contains("--spurious-rate") && own.out().contains("--layout"), own.out());
    }
}
