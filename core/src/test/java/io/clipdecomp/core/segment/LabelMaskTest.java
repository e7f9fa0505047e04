package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import org.junit.jupiter.api.Test;

/** Masks resized as Pillow's NEAREST does (source index floor((x + 0.5) * in / out)), stretched or cropped. */
class LabelMaskTest {
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};

    @Test
    void squareNearestSamplesPillowsPositions() {
        // 5 x 2 to 3 x 3: columns floor((x + .5) * 5 / 3) = 0, 2, 4; rows floor((y + .5) * 2 / 3) = 0, 1, 1
        LabelMask mask = LabelMask.of(5, 2, new byte[] {1, 0, 1, 1, 0, 0, 1, 0, 0, 1});
        LabelMask square = mask.squareNearest(3);
        assertEquals(3, square.width());
        assertEquals(3, square.height());
        assertArrayEquals(new byte[] {1, 1, 0, 0, 0, 1, 0, 0, 1}, square.labels());
    }

    @Test
    void upsamplingRepeatsSourcePixels() {
        // 2 x 1 to 5 x 5: columns floor((x + .5) * 2 / 5) = 0, 0, 1, 1, 1; the one row repeats
        LabelMask square = LabelMask.of(2, 1, new byte[] {1, 0}).squareNearest(5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(x < 2, square.isForeground(x, y), "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void alignedMasksTakeTheImagesCentreCrop() {
        // 4 x 2 with input size 2: the shorter side is already 2, the width stays 4; the crop starts at
        // round((4 - 2) / 2) = 1, so columns 1 and 2 remain
        LabelMask mask = LabelMask.of(4, 2, new byte[] {1, 0, 1, 1, 0, 1, 0, 0});
        LabelMask aligned = mask.alignedWith(new ClipImagePreprocessor(2, HALF, HALF));
        assertArrayEquals(new byte[] {0, 1, 1, 0}, aligned.labels());
        // stretched instead, columns floor((x + .5) * 4 / 2) = 1, 3
        assertArrayEquals(new byte[] {0, 1, 1, 0}, mask.squareNearest(2).labels());
        LabelMask other = LabelMask.of(4, 2, new byte[] {0, 0, 1, 1, 0, 0, 1, 1});
        assertArrayEquals(new byte[] {0, 1, 0, 1}, other.alignedWith(new ClipImagePreprocessor(2, HALF, HALF)).labels());
        assertArrayEquals(new byte[] {0, 1, 0, 1}, other.squareNearest(2).labels());
        // 6 x 2 to 2: crop at 2 keeps columns 2, 3; stretching samples columns 1 and 4
        LabelMask wide = LabelMask.of(6, 2, new byte[] {0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0});
        assertArrayEquals(new byte[] {1, 0, 1, 0}, wide.alignedWith(new ClipImagePreprocessor(2, HALF, HALF)).labels());
        assertArrayEquals(new byte[] {1, 1, 1, 1}, wide.squareNearest(2).labels());
    }

    @Test
    void nonZeroPixelsOfAFileAreForeground() {
        RasterImage gray = new RasterImage(3, 1, ImageMode.L, new byte[] {0, 1, (byte) 255}, null);
        assertArrayEquals(new byte[] {0, 1, 1}, LabelMask.ofNonZero(gray).labels());
        RasterImage rgba = new RasterImage(2, 1, ImageMode.RGBA, new byte[] {0, 0, 0, (byte) 255, 0, 0, 3, 0}, null);
        assertArrayEquals(new byte[] {0, 1}, LabelMask.ofNonZero(rgba).labels(), "alpha is not a colour");
        RasterImage palette = new RasterImage(2, 1, ImageMode.P, new byte[] {0, 2}, new int[] {0xFFFFFF, 0, 0});
        assertArrayEquals(new byte[] {0, 1}, LabelMask.ofNonZero(palette).labels(), "the index counts, not the colour");
        assertEquals(1, LabelMask.ofNonZero(palette).foregroundCount());
    }

    @Test
    void refusesLabelsOtherThanZeroAndOne() {
        assertThrows(IllegalArgumentException.class, () -> LabelMask.of(2, 1, new byte[] {0, 2}));
    }
}
