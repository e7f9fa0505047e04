package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.DatasetOptions;
import io.clipdecomp.core.shapes.Scene;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneSpec;
import io.clipdecomp.core.shapes.ShapesDatasetWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated shapes dataset: scenes on demand, labels in the ImageFolder layout's class order. */
class ShapesDatasetTest {
    /** The eight shape words in alphabetical order, written out by hand. */
    private static final List<String> SORTED_WORDS =
            List.of("circle", "cross", "diamond", "heart", "ring", "square", "star", "triangle");

    @TempDir
    Path dir;

    @Test
    void itemsAreOneObjectScenesAsPngWithTheirShapeAsLabel() throws IOException {
        ShapesDataset data = new ShapesDataset(40, 11, 48);
        assertEquals("shapes", data.name());
        assertEquals(40, data.size());
        assertEquals(1, data.labelWidth());
        assertEquals(SORTED_WORDS, data.classNames());
        Set<Long> labels = new HashSet<>();
        for (int i = 0; i < data.size(); i++) {
            DatasetItem item = data.item(i);
            assertEquals(i, item.index());
            assertEquals("shapes_" + i, item.id());
            Scene scene = SceneGenerator.render(11, i, 48, SceneSpec.any().withObjectCount(1));
            assertEquals(1, scene.objects().size());
            long expected = SORTED_WORDS.indexOf(scene.objects().get(0).shape().word());
            assertArrayEquals(new long[] {expected}, item.label(), "item " + i);
            labels.add(expected);
            EncodedImage png = assertInstanceOf(EncodedImage.class, item.payload());
            assertEquals(0x89, png.bytes()[0] & 0xFF);
            assertEquals('P', png.bytes()[1]);
            RasterImage decoded = ImageDecoder.decode(png.bytes());
            assertEquals(ImageMode.RGB, decoded.mode());
            assertEquals(48, decoded.width());
            assertEquals(48, decoded.height());
            assertArrayEquals(scene.image().samples(), decoded.samples(), "PNG is lossless, item " + i);
        }
        assertTrue(labels.size() >= 6, "40 random scenes cover most of the 8 shapes: " + labels);
    }

    @Test
    void sameSeedSameItemsOtherSeedOtherItems() throws IOException {
        ShapesDataset a = new ShapesDataset(5, 3, 64);
        ShapesDataset b = new ShapesDataset(5, 3, 64);
        ShapesDataset c = new ShapesDataset(5, 4, 64);
        int differing = 0;
        for (int i = 4; i >= 0; i--) {
            assertEquals(a.item(i), b.item(i));
            differing += Arrays.equals(a.item(i).encoded(), c.item(i).encoded()) ? 0 : 1;
        }
        assertEquals(5, differing);
    }

    @Test
    void labelOrderIsTheFolderLayoutsClassOrder() throws IOException {
        Path folder = dir.resolve("folder");
        ShapesDatasetWriter.write(folder, 8, 0, ShapesDatasetWriter.Layout.FOLDER,
                DatasetOptions.defaults().withCanvasSize(16));
        try (ImageFolderDataset written = new ImageFolderDataset(folder)) {
            assertEquals(written.classNames(), new ShapesDataset().classNames());
        }
    }

    @Test
    void defaultsAndBadArguments() {
        ShapesDataset defaults = new ShapesDataset();
        assertEquals(1000, defaults.size());
        assertEquals(0, defaults.seed());
        assertEquals(64, defaults.canvasSize());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ShapesDataset(0, 0, 64)).getMessage()
                .contains("count"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ShapesDataset(3, 0, 8)).getMessage()
                .contains("canvas"));
        assertThrows(IndexOutOfBoundsException.class, () -> new ShapesDataset(3, 0, 64).item(3));
    }

    @Test
    void factoryOpensShapesWithoutADataPath() throws IOException {
        try (ImageDataset data = DatasetFactory.open("shapes", null, Map.of("count", "7", "seed", "5"))) {
            ShapesDataset shapes = assertInstanceOf(ShapesDataset.class, data);
            assertEquals(7, shapes.size());
            assertEquals(5, shapes.seed());
            assertEquals(64, shapes.canvasSize());
        }
        assertFalse(DatasetFactory.readsDataPath("shapes"));
        assertTrue(DatasetFactory.readsDataPath("folder"));
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> DatasetFactory.open("shapes", dir, Map.of()));
        assertTrue(path.getMessage().contains("no data path"), path.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> DatasetFactory.open("shapes", null, Map.of("count", "many")));
        assertTrue(count.getMessage().contains("count") && count.getMessage().contains("many"), count.getMessage());
        IllegalArgumentException noPath = assertThrows(IllegalArgumentException.class,
                () -> DatasetFactory.open("folder", null, Map.of()));
        assertTrue(noPath.getMessage().contains("needs a data path"), noPath.getMessage());
    }
}
