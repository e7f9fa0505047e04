package io.clipdecomp.core.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bilinear upsampling with PyTorch's align_corners=False, against hand-computed values. */
class BilinearUpsamplingTest {

    @Test
    void twoByTwoByTwo() {
        // F.interpolate(torch.tensor([[[[0., 1.], [2., 3.]]]]), scale_factor=2, mode='bilinear', align_corners=False)
        // samples the input at -0.25 (clamped to 0), 0.25, 0.75, 1.25 (the last pixel repeated) along each axis
        double[] want = {
            0.0, 0.25, 0.75, 1.0,
            0.5, 0.75, 1.25, 1.5,
            1.5, 1.75, 2.25, 2.5,
            2.0, 2.25, 2.75, 3.0};
        assertArrayEquals(want, BilinearUpsampling.upsample(new double[] {0, 1, 2, 3}, 2, 2), 1e-12);
    }

    @Test
    void factorThreeSamplesAtThirds() {
        // one row of [0, 3] by 3: positions -1/3 (→0), 0, 1/3, 2/3, 1, 4/3 (→1)
        double[] up = BilinearUpsampling.upsample(new double[] {0, 3, 0, 3}, 2, 3);
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 3}, Arrays.copyOfRange(up, 0, 6), 1e-12);
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 3}, Arrays.copyOfRange(up, 30, 36), 1e-12);
    }

    @Test
    void factorOneIsTheIdentityAndBadSizesAreRefused() {
        double[] map = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(map, BilinearUpsampling.upsample(map, 3, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> BilinearUpsampling.upsample(map, 2, 2));
    }
}
