package io.clipdecomp.core.textspan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HeadMomentsTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void handWorkedBatchGivesCountSumAndSecondMoment() {
        HeadMoments m = new HeadMoments(2);
        // rows (1, 2) and (3, -1), each followed by one float of another head (stride 3)
        m.addRows(manager, new float[] {1, 2, 99, 3, -1, 99}, 0, 2, 3);
        assertEquals(2, m.count());
        assertArrayEquals(new double[] {4, 1}, m.sum());
        assertArrayEquals(new double[] {2, 0.5}, m.mean());
        // XᵀX = [[1+9, 2-3], [2-3, 4+1]]
        assertArrayEquals(new double[] {10, -1, 5}, m.packedSecondMoment());
        DMatrixRMaj g = m.secondMoment();
        assertEquals(-1, g.get(1, 0));
        // covariance: [[(10 - 2*4)/1, (-1 - 2*1)/1], [.., (5 - 2*0.25)/1]]
        DMatrixRMaj c = m.covariance();
        assertEquals(2, c.get(0, 0), 1e-12);
        assertEquals(-3, c.get(0, 1), 1e-12);
        assertEquals(4.5, c.get(1, 1), 1e-12);
    }

    @Test
    void batchesAndMergesEqualRankOneSums() {
        int d = 7;
        int k = 53;
        SplittableRandom random = new SplittableRandom(5);
        float[] rows = new float[k * d];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) (random.nextGaussian() + 0.3);
        }
        double[][] plain = new double[d][d];
        for (int i = 0; i < k; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    plain[a][b] += (double) rows[i * d + a] * rows[i * d + b];
                }
            }
        }
        HeadMoments first = new HeadMoments(d);
        first.addRows(manager, rows, 0, 20, d);
        HeadMoments second = new HeadMoments(d);
        second.addRows(manager, rows, 20 * d, 30, d);
        second.addRows(manager, rows, 50 * d, 3, d);
        first.merge(second);
        HeadMoments whole = new HeadMoments(d);
        whole.addRows(manager, rows, 0, k, d);
        assertEquals(k, first.count());
        DMatrixRMaj merged = first.secondMoment();
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                assertEquals(plain[a][b], merged.get(a, b), 1e-9 * Math.max(1, Math.abs(plain[a][b])));
                assertEquals(plain[a][b], whole.secondMoment().get(a, b), 1e-9 * Math.max(1, Math.abs(plain[a][b])));
            }
        }
        HeadMoments restored = HeadMoments.of(first.count(), first.sum(), first.packedSecondMoment());
        assertEquals(first, restored);
        assertEquals(8 + 8 * (d + d * (d + 1) / 2), restored.stateBytes());
    }

    @Test
    void refusesMismatchedShapes() {
        HeadMoments m = new HeadMoments(3);
        assertThrows(IllegalArgumentException.class, () -> m.merge(new HeadMoments(4)));
        assertThrows(IllegalArgumentException.class, () -> m.addRows(manager, new float[5], 0, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> HeadMoments.of(1, new double[3], new double[5]));
        assertThrows(IllegalStateException.class, m::covariance);
    }
}
