package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.PngFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** images/ and masks/ read in name order, masks non-zero as foreground, mistakes in the layout named. */
class SegmentationFolderDatasetTest {
    @TempDir
    Path root;

    private void image(String name, int width, int height, int value) throws IOException {
        Files.createDirectories(root.resolve("images"));
        byte[] rgb = new byte[width * height * 3];
        java.util.Arrays.fill(rgb, (byte) value);
        PngFiles.write(RasterImage.rgb(width, height, rgb), root.resolve("images").resolve(name));
    }

    private void mask(String name, int width, byte... gray) throws IOException {
        Files.createDirectories(root.resolve("masks"));
        PngFiles.write(new RasterImage(width, gray.length / width, ImageMode.L, gray, null),
                root.resolve("masks").resolve(name));
    }

    @Test
    void readsPairsInNameOrder() throws IOException {
        image("b.png", 2, 1, 9);
        image("a.png", 2, 1, 5);
        mask("b.png", 2, (byte) 255, (byte) 0);
        mask("a.png", 2, (byte) 0, (byte) 7);
        try (SegmentationFolderDataset data = new SegmentationFolderDataset(root, ImageLimits.defaults())) {
            assertEquals(2, data.size());
            assertEquals("a.png", data.sampleId(0));
            SegmentationSample first = data.sample(0);
            assertEquals(5, first.image().sample(1, 0, 2));
            assertEquals(false, first.mask().isForeground(0, 0));
            assertEquals(true, first.mask().isForeground(1, 0));
            SegmentationSample second = data.sample(1);
            assertEquals("b.png", second.id());
            assertEquals(true, second.mask().isForeground(0, 0));
        }
    }

    @Test
    void namesImagesWithoutMasksAndMasksWithoutImages() throws IOException {
        image("a.png", 2, 1, 5);
        image("c.png", 2, 1, 5);
        mask("a.png", 2, (byte) 0, (byte) 1);
        mask("z.png", 2, (byte) 0, (byte) 1);
        IOException e = assertThrows(IOException.class, () -> new SegmentationFolderDataset(root, ImageLimits.defaults()));
        assertTrue(e.getMessage().contains("no mask in masks/ (NAME.png) for the images c.png"), e.getMessage());
        Files.delete(root.resolve("images/c.png"));
        e = assertThrows(IOException.class, () -> new SegmentationFolderDataset(root, ImageLimits.defaults()));
        assertTrue(e.getMessage().contains("masks without an image in images/: z.png"), e.getMessage());
    }

    @Test
    void refusesAMaskOfAnotherSize() throws IOException {
        image("a.png", 2, 1, 5);
        mask("a.png", 1, (byte) 0);
        try (SegmentationFolderDataset data = new SegmentationFolderDataset(root, ImageLimits.defaults())) {
            IOException e = assertThrows(IOException.class, () -> data.sample(0));
            assertTrue(e.getMessage().contains("is 1x1 but its image"), e.getMessage());
        }
    }

    @Test
    void needsBothFolders() {
        IOException e = assertThrows(IOException.class, () -> new SegmentationFolderDataset(root, ImageLimits.defaults()));
        assertTrue(e.getMessage().contains("needs the sub-folders images/ and masks/"), e.getMessage());
    }
}
