package io.clipdecomp.core.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipdecomp.core.preprocess.RasterImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The jet colours and the half-and-half blend, against hand-computed pixels. */
class HeatmapOverlayTest {

    @Test
    void jetRunsFromDarkBlueThroughGreenToDarkRed() {
        assertArrayEquals(new byte[] {0, 0, (byte) 128}, jet(0));
        assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255}, jet(0.25)); // r 0, g 0.5, b 1.5 - 0 = 1
        assertArrayEquals(new byte[] {(byte) 128, (byte) 255, (byte) 128}, jet(0.5));
        assertArrayEquals(new byte[] {(byte) 255, (byte) 128, 0}, jet(0.75));
        assertArrayEquals(new byte[] {(byte) 128, 0, 0}, jet(1));
        assertArrayEquals(jet(1), jet(7), "clamped");
    }

    @Test
    void theMapIsScaledByItsRangeAndBlendedOverTheImage() {
        byte[] grey = new byte[2 * 2 * 3];
        Arrays.fill(grey, (byte) 100);
        RasterImage image = RasterImage.rgb(2, 2, grey);
        RasterImage out = HeatmapOverlay.over(image, new double[] {-3, -1, 1, 5}); // → 0, 0.25, 0.5, 1
        assertEquals(2, out.width());
        assertEquals(2, out.height());
        byte[] s = out.samples();
        // pixel 0: jet(0) = (0, 0, 128) half over 100 → (50, 50, 114)
        assertArrayEquals(new byte[] {50, 50, 114}, Arrays.copyOfRange(s, 0, 3));
        // pixel 3: jet(1) = (128, 0, 0) → (114, 50, 50)
        assertArrayEquals(new byte[] {114, 50, 50}, Arrays.copyOfRange(s, 9, 12));
        RasterImage flat = HeatmapOverlay.over(image, new double[] {2, 2, 2, 2});
        assertArrayEquals(new byte[] {50, 50, 114}, Arrays.copyOfRange(flat.samples(), 9, 12),
                "a constant map takes the lowest colour");
        assertThrows(IllegalArgumentException.class, () -> HeatmapOverlay.over(image, new double[3]));
    }

    private static byte[] jet(double v) {
        byte[] c = new byte[3];
        JetColormap.colour(v, c, 0);
        return c;
    }
}
