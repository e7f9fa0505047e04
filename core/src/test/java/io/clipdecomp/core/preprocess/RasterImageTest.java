package io.clipdecomp.core.preprocess;

import org.junit.jupiter.api.Test;

import static io.clipdecomp.core.preprocess.PillowResizeTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RasterImageTest {
    @Test
    void grayIsReplicated() {
        RasterImage img = new RasterImage(2, 1, ImageMode.L, bytes(7, 250), null);
        assertArrayEquals(bytes(7, 7, 7, 250, 250, 250), img.toRgb().samples());
    }

    @Test
    void alphaIsDroppedWithoutCompositing() {
        RasterImage rgba = new RasterImage(2, 1, ImageMode.RGBA, bytes(10, 20, 30, 0, 40, 50, 60, 128), null);
        assertArrayEquals(bytes(10, 20, 30, 40, 50, 60), rgba.toRgb().samples());
        RasterImage la = new RasterImage(2, 1, ImageMode.LA, bytes(10, 0, 200, 255), null);
        assertArrayEquals(bytes(10, 10, 10, 200, 200, 200), la.toRgb().samples());
    }

    @Test
    void paletteIndicesGoThroughThePaletteAndPastItToPillowsGrayRamp() {
        RasterImage p = new RasterImage(3, 1, ImageMode.P, bytes(1, 0, 9), new int[] {0x102030, 0xFF8001});
        RasterImage rgb = p.toRgb();
        assertEquals(ImageMode.RGB, rgb.mode());
        assertArrayEquals(bytes(0xFF, 0x80, 0x01, 0x10, 0x20, 0x30, 9, 9, 9), rgb.samples());
    }

    @Test
    void rgbIsReturnedAsIs() {
        RasterImage rgb = RasterImage.rgb(1, 1, bytes(1, 2, 3));
        assertSame(rgb, rgb.toRgb());
    }

    @Test
    void cropKeepsModeAndPalette() {
        byte[] idx = new byte[12];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (byte) i;
        }
        RasterImage p = new RasterImage(4, 3, ImageMode.P, idx, new int[256]);
        RasterImage c = p.crop(1, 1, 2, 2);
        assertEquals(ImageMode.P, c.mode());
        assertArrayEquals(bytes(5, 6, 9, 10), c.samples());
        assertEquals(256, c.palette().length);
        assertThrows(IllegalArgumentException.class, () -> p.crop(3, 0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> p.crop(-1, 0, 1, 1));
    }
}
