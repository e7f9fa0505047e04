package io.clipdecomp.core.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {
    private static final int RED = 0xDC1E1E;
    private static final int BLUE = 0x1E46E6;

    @Test
    void sameSeedAndIndexGiveTheSameSceneInAnyOrder() {
        Scene[] forward = new Scene[20];
        for (int i = 0; i < forward.length; i++) {
            forward[i] = SceneGenerator.render(42, i);
        }
        for (int i = forward.length - 1; i >= 0; i--) {
            Scene again = SceneGenerator.render(42, i);
            assertArrayEquals(forward[i].image().samples(), again.image().samples(), "image " + i);
            assertArrayEquals(forward[i].unionMask().samples(), again.unionMask().samples(), "mask " + i);
            assertEquals(forward[i].caption(), again.caption());
            assertEquals(forward[i].objects(), again.objects());
            assertEquals(forward[i].background(), again.background());
        }
        for (int i = 1; i < forward.length; i++) {
            assertFalse(Arrays.equals(forward[i - 1].image().samples(), forward[i].image().samples()),
                    "neighbouring indices must differ");
        }
        assertFalse(Arrays.equals(forward[3].image().samples(),
                SceneGenerator.render(43, 3).image().samples()), "another seed must give another image");
    }

    @Test
    void circlePaintsExactlyThePixelsWhoseCentresAreInside() {
        SceneObject circle = new SceneObject(Shape.CIRCLE, ShapeColour.RED, RED, ObjectSize.SMALL,
                Position.CENTER, 8, 8, 2);
        Scene scene = SceneGenerator.compose(16, Background.PLAIN, 5, List.of(circle), "a red circle.");
        // pixel centres 6.5 .. 9.5 lie 0.5 or 1.5 from the centre; the four corners (1.5^2 * 2 = 4.5 > 4) are out
        Set<Integer> expected = new HashSet<>();
        for (int y = 6; y <= 9; y++) {
            for (int x = 6; x <= 9; x++) {
                boolean corner = (x == 6 || x == 9) && (y == 6 || y == 9);
                if (!corner) {
                    expected.add(y * 16 + x);
                }
            }
        }
        assertEquals(12, expected.size());
        assertEquals(expected, maskPixels(scene.objectMask(0)));
        assertEquals(expected, maskPixels(scene.unionMask()));
        for (int p : expected) {
            assertEquals(RED, rgbAt(scene.image(), p % 16, p / 16));
        }
        assertEquals(new PixelBox(6, 6, 10, 10), scene.visibleBox(0).orElseThrow());
    }

    @Test
    void squareOfRadiusTwoCoversFourByFourPixels() {
        // half side 0.85 * 2 = 1.7: centres 6.5 .. 9.5 are within 1.5 of 8, centres 5.5 and 10.5 are not
        SceneObject square = new SceneObject(Shape.SQUARE, ShapeColour.BLUE, BLUE, ObjectSize.SMALL,
                Position.CENTER, 8, 8, 2);
        Scene scene = SceneGenerator.compose(16, Background.CHECKS, 5, List.of(square), "a square.");
        Set<Integer> pixels = maskPixels(scene.objectMask(0));
        assertEquals(16, pixels.size());
        for (int y = 6; y <= 9; y++) {
            for (int x = 6; x <= 9; x++) {
                assertTrue(pixels.contains(y * 16 + x));
            }
        }
    }

    @Test
    void laterObjectOccludesEarlierOneAndMasksHoldVisiblePixels() {
        SceneObject circle = new SceneObject(Shape.CIRCLE, ShapeColour.RED, RED, ObjectSize.LARGE,
                Position.LEFT, 8, 8, 3);
        SceneObject square = new SceneObject(Shape.SQUARE, ShapeColour.BLUE, BLUE, ObjectSize.SMALL,
                Position.RIGHT, 10, 8, 2);
        Scene scene = SceneGenerator.compose(16, Background.GRASS, 9, List.of(circle, square), "two objects.");
        Scene backgroundOnly = SceneGenerator.compose(16, Background.GRASS, 9, List.of(), "grass.");
        Set<Integer> circleMask = maskPixels(scene.objectMask(0));
        Set<Integer> squareMask = maskPixels(scene.objectMask(1));
        int overlap = 0;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                double cx = x + 0.5;
                double cy = y + 0.5;
                boolean inCircle = (cx - 8) * (cx - 8) + (cy - 8) * (cy - 8) <= 9;
                boolean inSquare = Math.abs(cx - 10) <= 1.7 && Math.abs(cy - 8) <= 1.7;
                int p = y * 16 + x;
                overlap += inCircle && inSquare ? 1 : 0;
                assertEquals(inCircle && !inSquare, circleMask.contains(p), "circle mask at " + x + "," + y);
                assertEquals(inSquare, squareMask.contains(p), "square mask at " + x + "," + y);
                int expectedColour = inSquare ? BLUE : inCircle ? RED : rgbAt(backgroundOnly.image(), x, y);
                assertEquals(expectedColour, rgbAt(scene.image(), x, y), "colour at " + x + "," + y);
                assertEquals(inSquare ? 2 : inCircle ? 1 : 0, scene.label(x, y));
            }
        }
        assertTrue(overlap >= 8, "the test needs a real overlap, got " + overlap);
    }

    @Test
    void generatedMasksAreExactlyTheVisibleObjectPixels() {
        for (long index = 0; index < 300; index++) {
            Scene scene = SceneGenerator.render(7, index);
            Scene backgroundOnly = SceneGenerator.compose(scene.width(), scene.background(), scene.textureSeed(),
                    List.of(), "");
            List<SceneObject> objects = scene.objects();
            RasterImage[] masks = new RasterImage[objects.size()];
            for (int k = 0; k < masks.length; k++) {
                masks[k] = scene.objectMask(k);
            }
            RasterImage union = scene.unionMask();
            int[] visible = new int[objects.size()];
            int[] painted = new int[objects.size()];
            for (int y = 0; y < scene.height(); y++) {
                for (int x = 0; x < scene.width(); x++) {
                    int owner = -1;
                    for (int k = 0; k < objects.size(); k++) {
                        if (objects.get(k).coversPixel(x, y)) {
                            owner = k;
                            painted[k]++;
                        }
                    }
                    for (int k = 0; k < objects.size(); k++) {
                        boolean inMask = masks[k].sample(x, y, 0) == 255;
                        assertEquals(owner == k, inMask, "scene " + index + " object " + k + " at " + x + "," + y);
                    }
                    assertEquals(owner >= 0 ? 255 : 0, union.sample(x, y, 0));
                    int expected = owner >= 0 ? objects.get(owner).rgb() : rgbAt(backgroundOnly.image(), x, y);
                    assertEquals(expected, rgbAt(scene.image(), x, y), "scene " + index + " pixel " + x + "," + y);
                    if (owner >= 0) {
                        visible[owner]++;
                    }
                }
            }
            for (int k = 0; k < objects.size(); k++) {
                assertTrue(painted[k] > 20, "scene " + index + " object " + k + " covers " + painted[k] + " pixels");
                assertTrue(visible[k] * 2 > painted[k], "scene " + index + " object " + k + " mostly hidden");
            }
        }
    }

    @Test
    void constraintsAreHonoured() {
        SceneSpec spec = SceneSpec.any().withObjectCount(1).withShapes(EnumSet.of(Shape.STAR, Shape.RING))
                .withFamily(BackgroundFamily.WATER);
        Set<Shape> shapesSeen = EnumSet.noneOf(Shape.class);
        Set<Background> backgroundsSeen = EnumSet.noneOf(Background.class);
        for (long i = 0; i < 200; i++) {
            Scene scene = SceneGenerator.render(1, i, 48, spec);
            assertEquals(48, scene.width());
            assertEquals(1, scene.objects().size());
            shapesSeen.add(scene.objects().get(0).shape());
            backgroundsSeen.add(scene.background());
        }
        assertEquals(EnumSet.of(Shape.STAR, Shape.RING), shapesSeen);
        assertEquals(EnumSet.of(Background.OCEAN, Background.LAKE), backgroundsSeen);

        Set<Integer> counts = new HashSet<>();
        for (long i = 0; i < 100; i++) {
            Scene scene = SceneGenerator.render(2, i);
            counts.add(scene.objects().size());
            for (SceneObject object : scene.objects()) {
                assertTrue(scene.background().allows(object.colour()),
                        object.colour() + " drawn on " + scene.background());
            }
        }
        assertEquals(Set.of(1, 2), counts);
        assertThrows(IllegalArgumentException.class, () -> SceneSpec.any()
                .withColours(EnumSet.of(ShapeColour.BLUE)).withFamily(BackgroundFamily.WATER));
        assertThrows(IllegalArgumentException.class, () -> SceneSpec.any().withObjectCount(3));
        assertThrows(IllegalArgumentException.class, () -> SceneGenerator.render(1, 1, 8, SceneSpec.any()));
    }

    @Test
    void positionWordsMatchWhereTheObjectIs() {
        for (long i = 0; i < 300; i++) {
            Scene scene = SceneGenerator.render(3, i);
            for (int k = 0; k < scene.objects().size(); k++) {
                SceneObject object = scene.objects().get(k);
                double[] centroid = centroid(scene.objectMask(k));
                double dx = centroid[0] / scene.width() - 0.5;
                double dy = centroid[1] / scene.height() - 0.5;
                String where = "scene " + i + " " + object.position() + " at " + dx + "," + dy;
                switch (object.position()) {
                    case LEFT -> assertTrue(dx < -0.1 && Math.abs(dy) < Math.abs(dx), where);
                    case RIGHT -> assertTrue(dx > 0.1 && Math.abs(dy) < Math.abs(dx), where);
                    case TOP -> assertTrue(dy < -0.1 && Math.abs(dx) < Math.abs(dy), where);
                    case BOTTOM -> assertTrue(dy > 0.1 && Math.abs(dx) < Math.abs(dy), where);
                    // centre jitter is 0.08; a triangle's or heart's centroid sits a little off its centre
                    case CENTER -> assertTrue(Math.abs(dx) < 0.15 && Math.abs(dy) < 0.15, where);
                }
                PixelBox box = scene.visibleBox(k).orElseThrow();
                assertTrue(box.x0() >= 0 && box.y0() >= 0 && box.x1() <= scene.width() && box.y1() <= scene.height());
            }
        }
    }

    @Test
    void everyAllowedColourStandsOutFromItsBackground() {
        // no background pixel comes within RGB distance 80 of an allowed object colour; the shade jitter
        // moves a colour by at most sqrt(3) * 12 < 21, so painted objects stay at least 59 away
        for (Background kind : Background.values()) {
            for (long seed = 0; seed < 20; seed++) {
                RasterImage texture = SceneGenerator.compose(64, kind, seed, List.of(), "").image();
                for (ShapeColour colour : ShapeColour.values()) {
                    if (!kind.allows(colour)) {
                        continue;
                    }
                    for (int y = 0; y < 64; y++) {
                        for (int x = 0; x < 64; x++) {
                            assertTrue(distance(colour.rgb(), rgbAt(texture, x, y)) >= 80,
                                    colour + " on " + kind + " at " + x + "," + y);
                        }
                    }
                }
            }
        }
        assertFalse(Background.OCEAN.allows(ShapeColour.BLUE));
        assertFalse(Background.GRASS.allows(ShapeColour.GREEN));
        assertFalse(Background.SAND.allows(ShapeColour.YELLOW));
    }

    @Test
    void backgroundKindsLookLikeTheirFamilies() {
        for (long seed = 0; seed < 10; seed++) {
            double[] ocean = meanColour(SceneGenerator.compose(64, Background.OCEAN, seed, List.of(), "").image());
            double[] lake = meanColour(SceneGenerator.compose(64, Background.LAKE, seed, List.of(), "").image());
            double[] grass = meanColour(SceneGenerator.compose(64, Background.GRASS, seed, List.of(), "").image());
            double[] sand = meanColour(SceneGenerator.compose(64, Background.SAND, seed, List.of(), "").image());
            double[] plain = meanColour(SceneGenerator.compose(64, Background.PLAIN, seed, List.of(), "").image());
            assertTrue(ocean[2] > ocean[1] && ocean[1] > ocean[0], "ocean is blue");
            assertTrue(lake[2] > lake[0] + 40, "lake is blue");
            assertTrue(grass[1] > grass[0] + 40 && grass[1] > grass[2] + 40, "grass is green");
            assertTrue(sand[0] > sand[1] && sand[1] > sand[2] + 30, "sand is beige");
            assertTrue(plain[0] == plain[1] && plain[1] == plain[2], "plain is grey");
        }
    }

    @Test
    void rendersThousandsOfScenesPerSecond() {
        long start = System.nanoTime();
        int count = 2000;
        for (int i = 0; i < count; i++) {
            SceneGenerator.render(11, i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // measured about 15,000 scenes/s on one core; the bound leaves room for a busy shared machine
        assertTrue(seconds < 5, count + " scenes took " + seconds + " s");
    }

    private static Set<Integer> maskPixels(RasterImage mask) {
        assertEquals(ImageMode.L, mask.mode());
        Set<Integer> pixels = new HashSet<>();
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                int value = mask.sample(x, y, 0);
                assertTrue(value == 0 || value == 255);
                if (value == 255) {
                    pixels.add(y * mask.width() + x);
                }
            }
        }
        return pixels;
    }

    private static double[] centroid(RasterImage mask) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.sample(x, y, 0) == 255) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    n++;
                }
            }
        }
        return new double[] {sx / n, sy / n};
    }

    private static double[] meanColour(RasterImage image) {
        double[] mean = new double[3];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int b = 0; b < 3; b++) {
                    mean[b] += image.sample(x, y, b) / (double) (image.width() * image.height());
                }
            }
        }
        return mean;
    }

    static int rgbAt(RasterImage image, int x, int y) {
        return (image.sample(x, y, 0) << 16) | (image.sample(x, y, 1) << 8) | image.sample(x, y, 2);
    }

    private static double distance(int a, int b) {
        double dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
        double dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
        double db = (a & 0xFF) - (b & 0xFF);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
