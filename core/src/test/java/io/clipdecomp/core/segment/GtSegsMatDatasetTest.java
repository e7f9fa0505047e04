package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gtsegs_ijcv.mat reader on small files in its real layout (MATLAB 7.3 header block, [n, 1] references,
 * images [3, W, H], masks behind one-cell references [W, H]), written by make_mat.py beside them with h5py: pixel
 * (x, y) of channel c is 40 x + 10 y + 3 c + 1, and the mask is 1 where (x + 2 y) % 3 == 0 (image 2: all 1).
 */
class GtSegsMatDatasetTest {
    private static final int[][] SIZES = {{5, 3}, {2, 4}, {3, 3}};

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(GtSegsMatDatasetTest.class.getResource(name).toURI());
    }

    @Test
    void readsImagesTransposedAndMasksThroughTheirCells() throws Exception {
        try (GtSegsMatDataset data = new GtSegsMatDataset(resource("small_gtsegs.mat"), ImageLimits.DEFAULT_MAX_PIXELS)) {
            assertEquals("imagenet_seg", data.name());
            assertEquals(3, data.size());
            for (int i = 0; i < 3; i++) {
                SegmentationSample s = data.sample(i);
                int w = SIZES[i][0];
                int h = SIZES[i][1];
                RasterImage img = s.image();
                assertEquals(ImageMode.RGB, img.mode());
                assertEquals(w, img.width(), "width of image " + i);
                assertEquals(h, img.height(), "height of image " + i);
                assertEquals(w, s.mask().width());
                assertEquals(h, s.mask().height());
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < 3; c++) {
                            assertEquals(40 * x + 10 * y + 3 * c + 1, img.sample(x, y, c),
                                    "image " + i + " (" + x + ", " + y + ") channel " + c);
                        }
                        boolean fg = i == 2 || (x + 2 * y) % 3 == 0;
                        assertEquals(fg, s.mask().isForeground(x, y), "mask " + i + " (" + x + ", " + y + ")");
                    }
                }
            }
        }
    }

    @Test
    void refusesImagesOverThePixelLimitBeforeReadingThem() throws Exception {
        try (GtSegsMatDataset data = new GtSegsMatDataset(resource("small_gtsegs.mat"), 10)) {
            IOException e = assertThrows(IOException.class, () -> data.sample(0));
            assertTrue(e.getMessage().contains("image 0 is 5x3, over the limit of 10 pixels"), e.getMessage());
            assertEquals(8, data.sample(1).image().width() * data.sample(1).image().height());
        }
    }

    @Test
    void namesWhatIsWrongWithAFileOfAnotherLayout() throws Exception {
        IOException e = assertThrows(IOException.class,
                () -> new GtSegsMatDataset(resource("bad_layout.mat"), ImageLimits.DEFAULT_MAX_PIXELS));
        assertTrue(e.getMessage().contains("/value/img should be an [n, 1] array of object references"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.mat"), "not HDF5 at all", StandardCharsets.UTF_8);
        e = assertThrows(IOException.class, () -> new GtSegsMatDataset(text, ImageLimits.DEFAULT_MAX_PIXELS));
        assertTrue(e.getMessage().contains("notes.mat is not a MATLAB 7.3 (HDF5) file"), e.getMessage());
        e = assertThrows(IOException.class,
                () -> new GtSegsMatDataset(dir.resolve("absent.mat"), ImageLimits.DEFAULT_MAX_PIXELS));
        assertTrue(e.getMessage().contains("no segmentation file"), e.getMessage());
    }
}
