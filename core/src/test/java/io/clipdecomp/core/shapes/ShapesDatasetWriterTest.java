package io.clipdecomp.core.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.ShapesDatasetWriter.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesDatasetWriterTest {
    private static final DatasetOptions OPTIONS = DatasetOptions.defaults();

    @TempDir
    Path folder;

    @Test
    void folderLayoutHoldsOnlyBalancedClassFoldersOfPngs() throws IOException {
        Path out = folder.resolve("folder");
        ShapesDatasetWriter.write(out, 20, 4, Layout.FOLDER, OPTIONS);
        List<Path> all = listAll(out);
        Set<String> classes = new TreeSet<>();
        for (Path path : all) {
            Path relative = out.relativize(path);
            if (Files.isDirectory(path)) {
                assertEquals(1, relative.getNameCount(), "only class folders at the top: " + relative);
                classes.add(relative.toString());
            } else {
                assertEquals(2, relative.getNameCount(), "files only inside class folders: " + relative);
                assertTrue(relative.getFileName().toString().matches("\\d{5}\\.png"), relative.toString());
            }
        }
        assertEquals(Set.of("circle", "square", "triangle", "cross", "star", "ring", "diamond", "heart"), classes);
        // round-robin over the 8 shapes: indices 0..19 give the first four shapes 3 images and the rest 2
        for (Shape shape : Shape.values()) {
            List<Path> files = list(out.resolve(shape.word()));
            assertEquals(shape.ordinal() < 4 ? 3 : 2, files.size(), shape.word());
            for (Path file : files) {
                int n = Integer.parseInt(file.getFileName().toString().substring(0, 5));
                assertEquals(shape.ordinal(), n % 8);
                RasterImage image = PngReading.read(file);
                assertEquals(ImageMode.RGB, image.mode());
                assertEquals(64, image.width());
                Scene scene = SceneGenerator.render(4, n, 64,
                        SceneSpec.any().withObjectCount(1).withShapes(EnumSet.of(shape)));
                assertArrayEquals(scene.image().samples(), image.samples(), file.toString());
                assertEquals(1, scene.objects().size());
                assertEquals(shape, scene.objects().get(0).shape());
            }
        }
    }

    @Test
    void waterbirdsMetadataHasSplitsCorrelationAndBalancedTest() throws IOException {
        Path out = folder.resolve("waterbirds");
        ShapesDatasetWriter.write(out, 200, 6, Layout.WATERBIRDS, OPTIONS);
        List<String> lines = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
        assertEquals("img_id,img_filename,y,split,place,place_filename", lines.get(0));
        assertEquals(201, lines.size());
        // counts[split][y][place]
        int[][][] counts = new int[3][2][2];
        Set<String> imageFiles = new TreeSet<>();
        for (int row = 1; row < lines.size(); row++) {
            String[] fields = lines.get(row).split(",", -1);
            assertEquals(6, fields.length, lines.get(row));
            assertEquals(row, Integer.parseInt(fields[0]));
            int y = Integer.parseInt(fields[2]);
            int split = Integer.parseInt(fields[3]);
            int place = Integer.parseInt(fields[4]);
            counts[split][y][place]++;
            Path image = out.resolve(fields[1]);
            assertTrue(Files.isRegularFile(image), fields[1]);
            imageFiles.add(fields[1]);
            Shape shape = Shape.fromWord(fields[1].substring(0, fields[1].indexOf('/')));
            assertEquals(y, ObjectGroup.of(shape).y(), "y must be the group of the shape in " + fields[1]);
            RasterImage pixels = PngReading.read(image);
            assertEquals(place, looksLikeWater(pixels) ? 1 : 0, "place of " + fields[1]);
            String kind = fields[5].split("/")[2];
            assertEquals(place, Background.valueOf(kind.toUpperCase()).family().place(), fields[5]);
        }
        assertEquals(200, imageFiles.size());
        // 200 images: test = floor(40 / 4) * 4 = 40, validation = 40, train = 120, each split half y = 0
        int[] splitSizes = {120, 40, 40};
        for (int split = 0; split < 3; split++) {
            for (int y = 0; y < 2; y++) {
                int classSize = counts[split][y][0] + counts[split][y][1];
                assertEquals(splitSizes[split] / 2, classSize, "split " + split + " y " + y);
                int usual = counts[split][y][y];
                if (split == 2) {
                    assertEquals(classSize / 2, usual, "test is balanced within class " + y);
                } else {
                    assertEquals(Math.round(0.95 * classSize), usual, "split " + split + " class " + y);
                }
            }
        }
        assertEquals(Set.of("metadata.csv", "circle", "square", "triangle", "cross", "star", "ring", "diamond",
                "heart"), list(out).stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }

    @Test
    void waterbirdsCorrelationIsAnOption() throws IOException {
        Path out = folder.resolve("uncorrelated");
        ShapesDatasetWriter.write(out, 100, 6, Layout.WATERBIRDS, OPTIONS.withSpuriousCorrelation(0.5)
                .withSplitFractions(0.0, 0.2));
        int[] usual = new int[2];
        int[] total = new int[2];
        for (String line : Files.readAllLines(out.resolve("metadata.csv")).subList(1, 101)) {
            String[] fields = line.split(",");
            if (fields[3].equals("0")) {
                int y = Integer.parseInt(fields[2]);
                total[y]++;
                usual[y] += fields[4].equals(fields[2]) ? 1 : 0;
            }
        }
        assertArrayEquals(new int[] {40, 40}, total);
        assertArrayEquals(new int[] {20, 20}, usual);
    }

    @Test
    void segmentationMasksAreTheRenderedTruth() throws IOException {
        Path out = folder.resolve("segmentation");
        ShapesDatasetWriter.write(out, 12, 9, Layout.SEGMENTATION, OPTIONS.withCanvasSize(48));
        assertEquals(12, list(out.resolve("images")).size());
        assertEquals(12, list(out.resolve("masks")).size());
        for (int n = 0; n < 12; n++) {
            String name = String.format("%05d.png", n);
            RasterImage image = PngReading.read(out.resolve("images").resolve(name));
            RasterImage mask = PngReading.read(out.resolve("masks").resolve(name));
            assertEquals(ImageMode.RGB, image.mode());
            assertEquals(ImageMode.L, mask.mode());
            assertEquals(48, image.width());
            assertEquals(48, mask.width());
            assertEquals(48, mask.height());
            Scene scene = SceneGenerator.render(9, n, 48, SceneSpec.any());
            assertArrayEquals(scene.image().samples(), image.samples());
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    int value = mask.sample(x, y, 0);
                    int colour = SceneGeneratorTest.rgbAt(image, x, y);
                    boolean onObject = false;
                    for (int k = 0; k < scene.objects().size(); k++) {
                        onObject |= scene.objects().get(k).coversPixel(x, y);
                    }
                    assertEquals(onObject ? 255 : 0, value, "mask " + n + " at " + x + "," + y);
                    if (value == 255) {
                        int finalX = x;
                        int finalY = y;
                        assertTrue(scene.objects().stream().anyMatch(o -> o.rgb() == colour
                                && o.coversPixel(finalX, finalY)), "mask pixel shows an object's colour");
                    }
                }
            }
        }
        assertEquals(Set.of("images", "masks"),
                list(out).stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }

    @Test
    void sameSeedWritesByteIdenticalFiles() throws IOException {
        ShapesDatasetWriter.write(folder.resolve("a"), 10, 3, Layout.SEGMENTATION, OPTIONS);
        ShapesDatasetWriter.write(folder.resolve("b"), 10, 3, Layout.SEGMENTATION, OPTIONS);
        List<Path> a = listAll(folder.resolve("a"));
        List<Path> b = listAll(folder.resolve("b"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(folder.resolve("a").relativize(a.get(i)), folder.resolve("b").relativize(b.get(i)));
            if (Files.isRegularFile(a.get(i))) {
                assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)));
            }
        }
    }

    @Test
    void refusesBadArguments() throws IOException {
        Path full = Files.createDirectories(folder.resolve("full"));
        Files.writeString(full.resolve("other.txt"), "x");
        assertThrows(IllegalArgumentException.class,
                () -> ShapesDatasetWriter.write(full, 10, 1, Layout.FOLDER, OPTIONS));
        assertThrows(IllegalArgumentException.class,
                () -> ShapesDatasetWriter.write(folder.resolve("few"), 7, 1, Layout.FOLDER, OPTIONS));
        assertThrows(IllegalArgumentException.class,
                () -> ShapesDatasetWriter.write(folder.resolve("none"), 0, 1, Layout.SEGMENTATION, OPTIONS));
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withSplitFractions(0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withSpuriousCorrelation(1.5));
        assertEquals(Layout.WATERBIRDS, Layout.fromName("waterbirds"));
        assertThrows(IllegalArgumentException.class, () -> Layout.fromName("imagenet"));
    }

    /**
     * Water textures are blue-dominant, land textures are not. Objects never reach the 4 x 4 corners (they
     * stay within radius of a centre at least radius from every edge and are not full squares there).
     */
    private static boolean looksLikeWater(RasterImage image) {
        int votes = 0;
        int w = image.width();
        int h = image.height();
        int[][] corners = {{0, 0}, {w - 4, 0}, {0, h - 4}, {w - 4, h - 4}};
        for (int[] corner : corners) {
            long red = 0;
            long blue = 0;
            for (int y = corner[1]; y < corner[1] + 4; y++) {
                for (int x = corner[0]; x < corner[0] + 4; x++) {
                    red += image.sample(x, y, 0);
                    blue += image.sample(x, y, 2);
                }
            }
            votes += blue > red ? 1 : -1;
        }
        assertTrue(Math.abs(votes) == 4, "corners disagree about the background");
        return votes > 0;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().collect(Collectors.toList());
        }
    }

    private static List<Path> listAll(Path dir) throws IOException {
        try (Stream<Path> entries = Files.walk(dir)) {
            return entries.filter(p -> !p.equals(dir)).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }
}
