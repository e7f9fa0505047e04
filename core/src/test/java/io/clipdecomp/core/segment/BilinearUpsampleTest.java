package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** PyTorch's bilinear upsampling (align_corners false, scale factor given) on maps worked by hand. */
class BilinearUpsampleTest {

    @Test
    void twoByTwoByTwo() {
        // source row of output y: (y + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (row 1, the last:
        // both taps on it), so row weights on row 1 are R = 0, 0.25, 0.75, 1; columns alike. The map 2r + c is
        // linear, so the output is 2 R(y) + C(x).
        float[] out = BilinearUpsample.byFactor(new float[] {0, 1, 2, 3}, 2, 2, 2);
        assertArrayEquals(new float[] {
            0.0f, 0.25f, 0.75f, 1.0f,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.0f, 2.25f, 2.75f, 3.0f}, out, 0f);
    }

    @Test
    void edgesRepeatAndTheMiddleInterpolates() {
        // [0, 3] by 3: source x = (x + 0.5) / 3 - 0.5 = -1/3 (0), 0, 1/3, 2/3, 1 (the last), 4/3 (the last);
        // the single row is read by all three output rows
        float[] out = BilinearUpsample.byFactor(new float[] {0, 3}, 1, 2, 3);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 3, 0, 0, 1, 2, 3, 3, 0, 0, 1, 2, 3, 3}, out, 1e-6f);
    }

    @Test
    void aConstantStaysConstantAndFactorOneIsTheIdentity() {
        float[] out = BilinearUpsample.byFactor(new float[] {7, 7, 7, 7, 7, 7}, 2, 3, 4);
        assertEquals(2 * 4 * 3 * 4, out.length);
        for (float v : out) {
            assertEquals(7f, v, 0f);
        }
        float[] map = {1, -2, 3.5f, 4, 5, -6};
        assertArrayEquals(map, BilinearUpsample.byFactor(map, 3, 2, 1), 0f);
    }

    @Test
    void refusesAMapOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> BilinearUpsample.byFactor(new float[3], 2, 2, 2));
    }
}
