package io.clipdecomp.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    @Test
    void aVectorThatCarriesTheClassIsReadPerfectly() {
        // 3 classes, each a direction in 4 dimensions plus noise; 2 floats of another head between vectors
        SplittableRandom r = new SplittableRandom(1);
        int n = 300;
        int stride = 6;
        float[] x = new float[n * stride];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            for (int j = 0; j < 4; j++) {
                x[i * stride + 2 + j] = (float) ((j == labels[i] ? 3 : 0) + 0.3 * r.nextGaussian());
            }
            x[i * stride] = 99;
        }
        assertEquals(1.0, LinearProbe.heldOutAccuracy(x, 2, stride, 4, labels, 3));
    }

    @Test
    void vectorsUnrelatedToTheClassStayNearChance() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 2000;
        float[] x = new float[n * 8];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(4);
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) r.nextGaussian();
            }
        }
        double acc = LinearProbe.heldOutAccuracy(x, 0, 8, 8, labels, 4);
        assertTrue(acc > 0.18 && acc < 0.32, "chance is 0.25, got " + acc);
    }

    @Test
    void needsTwoSamples() {
        assertThrows(IllegalArgumentException.class,
                () -> LinearProbe.heldOutAccuracy(new float[2], 0, 2, 2, new int[] {0}, 2));
    }
}
