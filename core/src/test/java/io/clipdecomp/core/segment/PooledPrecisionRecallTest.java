package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pooled curve of all pixels, streamed to float64 .npy files, as precision_recall_curve returns it. */
class PooledPrecisionRecallTest {
    @TempDir
    Path dir;

    /** The values of a one-axis float64 .npy file, checking its header. */
    static double[] readVector(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort(8) & 0xFFFF;
        String header = new String(Files.readAllBytes(file), 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': ("), header);
        int n = (b.capacity() - 10 - headerLength) / 8;
        assertTrue(header.contains("'shape': (" + n + ",)"), header + " for " + n + " values");
        assertEquals(0, (10 + headerLength) % 64, "numpy aligns the data to 64 bytes");
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.getDouble(10 + headerLength + 8 * i);
        }
        return out;
    }

    @Test
    void poolsImagesIntoOneCurve() throws IOException {
        PooledPrecisionRecall pooled = new PooledPrecisionRecall();
        pooled.add(new float[] {0.5f, 0.5f}, new byte[] {1, 0});
        pooled.add(new float[] {0.2f, 0.9f}, new byte[] {1, 0});
        assertEquals(4, pooled.size());
        // decreasing thresholds .9 {-}, .5 {+,-}, .2 {+}: (P, R) = (0, 0) (1/3, 1/2) (1/2, 1); reversed and closed
        long points = pooled.write(dir.resolve("precision.npy"), dir.resolve("recall.npy"));
        assertEquals(4, points);
        assertArrayEquals(new double[] {0.5, 1 / 3.0, 0, 1}, readVector(dir.resolve("precision.npy")), 1e-15);
        assertArrayEquals(new double[] {1, 0.5, 0, 0}, readVector(dir.resolve("recall.npy")), 0);
    }

    @Test
    void equalsTheCurveOfAllScoresTogetherAcrossManyChunks() throws IOException {
        SplittableRandom r = new SplittableRandom(4);
        int images = 7;
        int pixels = 300;
        float[] all = new float[images * pixels];
        boolean[] labels = new boolean[all.length];
        PooledPrecisionRecall pooled = new PooledPrecisionRecall(new SortedIntRuns(64), new SortedIntRuns(50));
        for (int i = 0; i < images; i++) {
            float[] scores = new float[pixels];
            byte[] truth = new byte[pixels];
            for (int p = 0; p < pixels; p++) {
                scores[p] = r.nextInt(40) / 40f; // many ties
                truth[p] = (byte) (r.nextDouble() < 0.3 + scores[p] / 2 ? 1 : 0);
                all[i * pixels + p] = scores[p];
                labels[i * pixels + p] = truth[p] != 0;
            }
            pooled.add(scores, truth);
        }
        pooled.write(dir.resolve("p.npy"), dir.resolve("r.npy"));
        AveragePrecision.Curve expected = AveragePrecision.curve(all, labels);
        assertArrayEquals(expected.precision(), readVector(dir.resolve("p.npy")), 0);
        assertArrayEquals(expected.recall(), readVector(dir.resolve("r.npy")), 0);
    }

    @Test
    void sortedRunsGiveBackEveryValueInOrder() {
        SortedIntRuns runs = new SortedIntRuns(3);
        int[] values = {5, -2, 9, 9, 0, -7, 3, 5, 1, 8};
        for (int v : values) {
            runs.add(v);
        }
        runs.startReading();
        int[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        for (int v : sorted) {
            assertTrue(runs.hasNext());
            assertEquals(v, runs.next());
        }
        assertEquals(false, runs.hasNext());
    }
}
