package io.clipdecomp.core.textspan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TextSpan from moments against the original algorithm on the samples ({@link SampleTextSpan}). */
class TextSpanSelectorTest {
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
    void handWorkedCaseFollowsTheVariance() {
        // images spread along x (values ±2), a little along y (±1); texts x, y and the diagonal
        float[] data = {2, 1, -2, 1, 2, -1, -2, -1};
        HeadMoments m = moments(manager, data, 4, 2);
        float[][] texts = {{0, 1}, {1, 0}, {0.6f, 0.8f}};
        HeadTextSpan span = new TextSpanSelector(texts, 2, 2).select(0, 0, m);
        // variances (unbiased, 4 images): x 16/3, y 4/3, diagonal 0.36*16/3 + 0.64*4/3 = 2.773: x first; then the
        // diagonal deflated against x is (0, 0.8), variance 0.64*4/3 = 0.853 < y's 4/3: y second
        assertArrayEquals(new int[] {1, 0}, span.indices());
        assertArrayEquals(new double[] {16.0 / 20, 4.0 / 20}, span.varianceShares(), 1e-12);
        assertEquals(1, span.explainedShare(), 1e-12);
        double[] into = new double[2];
        span.addReconstruction(new float[] {5, 7}, 0, into);
        assertArrayEquals(new double[] {5, 7}, into, 1e-12);
    }

    @Test
    void matchesTheSampleAlgorithmOnLowRankRandomData() {
        int k = 150;
        int d = 24;
        int m = 40;
        SplittableRandom random = new SplittableRandom(11);
        float[] data = lowRank(random, k, d, 12);
        float[][] texts = unitTexts(random, m, d);
        assertSameAsSamples(manager, data, k, d, texts, 7, 9);
        assertSameAsSamples(manager, data, k, d, texts, 5, 30); // rank above d: every direction kept
    }

    @Test
    void matchesTheSampleAlgorithmWithFewerImagesThanDimensions() {
        int k = 10;
        int d = 16;
        SplittableRandom random = new SplittableRandom(3);
        float[] data = lowRank(random, k, d, 16);
        assertSameAsSamples(manager, data, k, d, unitTexts(random, 25, d), 4, 12);
    }

    @Test
    void stopsWhenTheTextsAreExhausted() {
        int k = 30;
        int d = 6;
        SplittableRandom random = new SplittableRandom(8);
        float[] data = lowRank(random, k, d, 6);
        HeadTextSpan span = new TextSpanSelector(unitTexts(random, 10, d), 5, 2).select(3, 1, moments(manager, data, k, d));
        assertEquals(2, span.indices().length, "a rank-2 span holds two orthogonal picks");
        assertEquals(3, span.layer());
        assertEquals(1, span.head());
    }

    /** The sample route and the moments route give the same picks, reconstruction and explained variance. */
    static void assertSameAsSamples(NDManager manager, float[] data, int k, int d, float[][] texts, int iters, int rank) {
        HeadTextSpan span = new TextSpanSelector(texts, iters, rank).select(0, 0, moments(manager, data, k, d));
        SampleTextSpan.Result samples = SampleTextSpan.run(manager, data, k, d, texts, iters, rank);
        assertArrayEquals(samples.indices(), span.indices(), "picks in order");
        double scale = 0;
        for (float v : data) {
            scale = Math.max(scale, Math.abs(v));
        }
        double[] reconstructed = new double[d];
        double[] mean = span.mean();
        double reconstructedVariance = 0;
        double totalVariance = 0;
        for (int i = 0; i < k; i++) {
            java.util.Arrays.fill(reconstructed, 0);
            span.addReconstruction(data, i * d, reconstructed);
            for (int j = 0; j < d; j++) {
                assertEquals(samples.reconstruction()[i * d + j], reconstructed[j], 1e-9 * scale, "image " + i + " dim " + j);
                reconstructedVariance += Math.pow(samples.reconstruction()[i * d + j] - mean[j], 2);
                totalVariance += Math.pow(data[i * d + j] - mean[j], 2);
            }
        }
        assertEquals(reconstructedVariance / totalVariance, span.explainedShare(), 1e-9,
                "the shares add up to the variance the reconstruction keeps");
        for (double share : span.varianceShares()) {
            assertTrue(share >= 0 && share <= 1, "share " + share);
        }
    }

    static HeadMoments moments(NDManager manager, float[] data, int k, int d) {
        HeadMoments m = new HeadMoments(d);
        m.addRows(manager, data, 0, k, d);
        return m;
    }

    /** K rows of rank {@code rank} plus an offset, like a head's output space plus its bias share. */
    static float[] lowRank(SplittableRandom random, int k, int d, int rank) {
        double[][] basis = new double[rank][d];
        for (double[] b : basis) {
            for (int j = 0; j < d; j++) {
                b[j] = random.nextGaussian();
            }
        }
        double[] offset = new double[d];
        for (int j = 0; j < d; j++) {
            offset[j] = random.nextGaussian() * 0.5;
        }
        float[] data = new float[k * d];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < rank; c++) {
                double w = random.nextGaussian() * (rank - c);
                for (int j = 0; j < d; j++) {
                    data[i * d + j] += (float) (w * basis[c][j]);
                }
            }
            for (int j = 0; j < d; j++) {
                data[i * d + j] += (float) offset[j];
            }
        }
        return data;
    }

    static float[][] unitTexts(SplittableRandom random, int m, int d) {
        float[][] texts = new float[m][d];
        for (float[] t : texts) {
            double n = 0;
            for (int j = 0; j < d; j++) {
                t[j] = (float) random.nextGaussian();
                n += t[j] * t[j];
            }
            for (int j = 0; j < d; j++) {
                t[j] /= (float) Math.sqrt(n);
            }
        }
        return texts;
    }
}
