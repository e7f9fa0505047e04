package io.clipdecomp.core.preprocess;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static io.clipdecomp.core.preprocess.PillowResizeTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClipImagePreprocessorTest {
    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    @Test
    void cropOffsetsRoundHalfToEven() {
        ClipImagePreprocessor pre = new ClipImagePreprocessor(2, MEAN, STD);
        // Heights 3, 5, 7 keep their size (int(2 * h / 2) = h); top = round((h - 2) / 2): 0.5 -> 0, 1.5 -> 2, 2.5 -> 2.
        assertArrayEquals(new int[] {0, 10}, rowValues(pre.resizeAndCrop(rows(2, 3), ColourConversion.BEFORE_RESIZE)));
        assertArrayEquals(new int[] {20, 30}, rowValues(pre.resizeAndCrop(rows(2, 5), ColourConversion.BEFORE_RESIZE)));
        assertArrayEquals(new int[] {20, 30}, rowValues(pre.resizeAndCrop(rows(2, 7), ColourConversion.BEFORE_RESIZE)));
    }

    @Test
    void longSideIsTruncatedAndPaletteImagesUseNearestInTheirOwnMode() {
        // 139 x 100 to size 56: width int(56 * 139 / 100) = int(77.84) = 77 (rounding would give 78),
        // left = round(10.5) = 10. No (x + 0.5) * 139 / 77 is whole, so floor of the exact ratio applies.
        int w = 139;
        int h = 100;
        byte[] idx = new byte[w * h];
        int[] palette = new int[256];
        for (int i = 0; i < 256; i++) {
            palette[i] = i << 16 | (255 - i) << 8 | (i * 7 & 0xFF);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                idx[y * w + x] = (byte) (y % 2 == 0 ? x : 255 - x);
            }
        }
        RasterImage img = new RasterImage(w, h, ImageMode.P, idx, palette);
        RasterImage out = new ClipImagePreprocessor(56, MEAN, STD).resizeAndCrop(img, ColourConversion.AFTER_CROP);
        assertEquals(ImageMode.RGB, out.mode());
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int sx = (2 * (x + 10) + 1) * w / (2 * 77);
                int sy = (2 * y + 1) * h / (2 * 56);
                int colour = palette[idx[sy * w + sx] & 0xFF];
                assertEquals(colour >> 16 & 0xFF, out.sample(x, y, 0), x + "," + y);
                assertEquals(colour >> 8 & 0xFF, out.sample(x, y, 1), x + "," + y);
                assertEquals(colour & 0xFF, out.sample(x, y, 2), x + "," + y);
            }
        }
    }

    @Test
    void rgbaDiffersBetweenConvertFirstAndOwnMode() {
        // See PillowResizeTest.rgbaIsResizedPremultiplied: 2x2 -> 1x1 gives (105, 60, 40) on RGB and
        // (199, 99, 49) through the premultiplied route.
        RasterImage img = new RasterImage(2, 2, ImageMode.RGBA,
                bytes(200, 100, 50, 255, 10, 20, 30, 0, 200, 100, 50, 255, 10, 20, 30, 0), null);
        ClipImagePreprocessor pre = new ClipImagePreprocessor(1, MEAN, STD);
        assertArrayEquals(bytes(105, 60, 40), pre.resizeAndCrop(img, ColourConversion.BEFORE_RESIZE).samples());
        assertArrayEquals(bytes(199, 99, 49), pre.resizeAndCrop(img, ColourConversion.AFTER_CROP).samples());
        float[] before = pre.toPixels(img, ColourConversion.BEFORE_RESIZE);
        assertEquals((105 / 255f - MEAN[0]) / STD[0], before[0]);
        assertEquals((60 / 255f - MEAN[1]) / STD[1], before[1]);
        assertEquals((40 / 255f - MEAN[2]) / STD[2], before[2]);
        float[] after = pre.toPixels(img, ColourConversion.AFTER_CROP);
        assertEquals((199 / 255f - MEAN[0]) / STD[0], after[0]);
    }

    @Test
    void paletteDiffersBetweenConvertFirstAndOwnMode() {
        // 5 x 3 to size 2: 3 x 2, left = round(0.5) = 0. Nearest: columns floor((x + 0.5) * 5 / 3) = 0, 2;
        // rows floor((y + 0.5) * 3 / 2) = 0, 2.
        int[] palette = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0x000000};
        byte[] idx = bytes(
                0, 1, 2, 3, 4,
                4, 3, 2, 1, 0,
                1, 1, 3, 0, 2);
        RasterImage img = new RasterImage(5, 3, ImageMode.P, idx, palette);
        ClipImagePreprocessor pre = new ClipImagePreprocessor(2, MEAN, STD);
        RasterImage own = pre.resizeAndCrop(img, ColourConversion.AFTER_CROP);
        assertArrayEquals(bytes(255, 0, 0, 0, 0, 255, 0, 255, 0, 255, 255, 255), own.samples());
        RasterImage first = pre.resizeAndCrop(img, ColourConversion.BEFORE_RESIZE);
        assertArrayEquals(PillowResize.resize(img.toRgb(), 3, 2).crop(0, 0, 2, 2).samples(), first.samples());
        assertFalse(java.util.Arrays.equals(own.samples(), first.samples()));
    }

    @Test
    void grayAndRgbGiveTheSameResultOnBothPaths() {
        byte[] gray = new byte[9 * 6];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) (i * 37);
        }
        RasterImage l = new RasterImage(9, 6, ImageMode.L, gray, null);
        ClipImagePreprocessor pre = new ClipImagePreprocessor(4, MEAN, STD);
        assertArrayEquals(pre.toPixels(l, ColourConversion.BEFORE_RESIZE), pre.toPixels(l, ColourConversion.AFTER_CROP));
    }

    @Test
    void pixelsAreChwAndNormalisedInFloat() {
        byte[] samples = new byte[2 * 2 * 3];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (i * 20);
        }
        float[] px = new ClipImagePreprocessor(2, MEAN, STD).toPixels(RasterImage.rgb(2, 2, samples),
                ColourConversion.BEFORE_RESIZE);
        assertEquals(12, px.length);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 4; p++) {
                float x = (samples[p * 3 + c] & 0xFF) / 255f;
                assertEquals((x - MEAN[c]) / STD[c], px[c * 4 + p], "channel " + c + " pixel " + p);
            }
        }
    }

    @Test
    void survivesSerialisation() throws IOException, ClassNotFoundException {
        ClipImagePreprocessor pre = new ClipImagePreprocessor(3, MEAN, STD);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pre);
        }
        ClipImagePreprocessor copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ClipImagePreprocessor) in.readObject();
        }
        RasterImage img = rows(4, 5);
        assertEquals(3, copy.size());
        assertArrayEquals(pre.toPixels(img, ColourConversion.AFTER_CROP), copy.toPixels(img, ColourConversion.AFTER_CROP));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new ClipImagePreprocessor(0, MEAN, STD));
        assertThrows(IllegalArgumentException.class, () -> new ClipImagePreprocessor(4, new float[2], STD));
        assertThrows(IllegalArgumentException.class, () -> new ClipImagePreprocessor(4, MEAN, new float[] {1, 0, 1}));
        assertThrows(NullPointerException.class, () -> new ClipImagePreprocessor(4, null, STD));
    }

    /** An RGB image whose row y has value 10 * y in every sample. */
    private static RasterImage rows(int w, int h) {
        byte[] s = new byte[w * h * 3];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (10 * (i / (w * 3)));
        }
        return RasterImage.rgb(w, h, s);
    }

    private static int[] rowValues(RasterImage img) {
        int[] out = new int[img.height()];
        for (int y = 0; y < img.height(); y++) {
            out[y] = img.sample(0, y, 0);
            for (int x = 0; x < img.width(); x++) {
                for (int b = 0; b < 3; b++) {
                    assertEquals(out[y], img.sample(x, y, b));
                }
            }
        }
        return out;
    }
}
