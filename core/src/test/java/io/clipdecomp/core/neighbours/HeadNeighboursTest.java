package io.clipdecomp.core.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.io.NpyWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-pass bounded heap against a plain sort of every score, on decomposition files with many ties. */
class HeadNeighboursTest {
    private static final TermShape SHAPE = new TermShape(3, 2, 4);

    @TempDir
    Path dir;

    /** Small integers: every product and sum is exact in float and double, and scores repeat often. */
    private static float[] integerTerms(SplittableRandom random, int rows) {
        float[] terms = new float[rows * SHAPE.headLength()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = random.nextInt(5) - 2;
        }
        return terms;
    }

    private void write(float[] heads, int rows) throws IOException {
        NpyWriter.write(DecompositionFiles.path(dir, "x", "attn", "m"), heads, rows, SHAPE.layers(), SHAPE.heads(),
                SHAPE.dim());
        NpyWriter.write(DecompositionFiles.path(dir, "x", "mlp", "m"), new float[rows * SHAPE.mlpLength()], rows,
                SHAPE.layers() + 1, SHAPE.dim());
    }

    /** Every row's score in exact integer arithmetic, sorted as the notebook's (score, index) tuples, descending. */
    private static List<long[]> exhaustive(float[] heads, int rows, float[] query, int layer, int head) {
        int q = SHAPE.headOffset(layer, head);
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            long score = 0;
            int o = i * SHAPE.headLength() + q;
            for (int j = 0; j < SHAPE.dim(); j++) {
                score += (long) heads[o + j] * (long) query[q + j];
            }
            all.add(new long[] {score, i});
        }
        all.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]).reversed());
        return all;
    }

    private static void assertSame(List<long[]> expected, List<Neighbour> actual, int k) {
        assertEquals(Math.min(k, expected.size()), actual.size());
        for (int r = 0; r < actual.size(); r++) {
            Neighbour n = actual.get(r);
            assertEquals(r + 1, n.rank());
            assertEquals(expected.get(r)[1], n.index(), "rank " + (r + 1));
            assertEquals((double) expected.get(r)[0], n.score(), 0.0, "rank " + (r + 1));
        }
    }

    @Test
    void theHeapKeepsWhatAFullSortPutsFirstTiesIncluded() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        int rows = 9000; // more than one chunk of DecompositionRows (4,096 rows at most)
        float[] heads = integerTerms(random, rows);
        write(heads, rows);
        float[] query = integerTerms(random, 1);
        try (DecompositionRows files = DecompositionRows.open(dir, "x", "m", false)) {
            assertTrue(files.chunkRows() < rows, "several chunks");
            for (int[] lh : new int[][] {{0, 0}, {1, 1}, {2, 0}}) {
                List<long[]> expected = exhaustive(heads, rows, query, lh[0], lh[1]);
                // the test only means something if there are ties at the cut
                assertEquals(expected.get(14)[0], expected.get(15)[0], "a tie across rank 15");
                for (int k : new int[] {1, 15, 100, rows + 5}) {
                    HeadNeighbours search = new HeadNeighbours(SHAPE, lh[0], lh[1], query, k);
                    search.offer(files, Long.MAX_VALUE);
                    assertEquals(rows, search.offered());
                    assertSame(expected, search.ranked(), k);
                }
            }
        }
    }

    @Test
    void aLimitScansOnlyTheFirstRowsAndOrderOfOfferingDoesNotMatter() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        int rows = 500;
        float[] heads = integerTerms(random, rows);
        write(heads, rows);
        float[] query = integerTerms(random, 1);
        try (DecompositionRows files = DecompositionRows.open(dir, "x", "m", false)) {
            HeadNeighbours search = new HeadNeighbours(SHAPE, 2, 1, query, 20);
            search.offer(files, 123);
            assertEquals(123, search.offered());
            float[] first = new float[123 * SHAPE.headLength()];
            System.arraycopy(heads, 0, first, 0, first.length);
            assertSame(exhaustive(first, 123, query, 2, 1), search.ranked(), 20);
        }
        HeadNeighbours backwards = new HeadNeighbours(SHAPE, 2, 1, query, 20);
        for (int i = rows - 1; i >= 0; i--) {
            backwards.offer(i, heads, i * SHAPE.headLength());
        }
        assertSame(exhaustive(heads, rows, query, 2, 1), backwards.ranked(), 20);
    }

    @Test
    void tiesRankTheLaterImageFirstAndNegativeZeroEqualsZero() {
        TopScores top = new TopScores(3);
        top.offer(4, 0.0);
        top.offer(1, 2.5);
        top.offer(7, -0.0);
        top.offer(2, 0.0);
        top.offer(9, -1.0);
        List<Neighbour> ranked = top.ranked();
        assertEquals(List.of(new Neighbour(1, 1, 2.5), new Neighbour(2, 7, -0.0), new Neighbour(3, 4, 0.0)), ranked);
    }

    @Test
    void badArgumentsAreRefusedWithTheirReason() {
        float[] query = new float[SHAPE.headLength()];
        assertThrows(IllegalArgumentException.class, () -> new HeadNeighbours(SHAPE, 3, 0, query, 5));
        assertThrows(IllegalArgumentException.class, () -> new HeadNeighbours(SHAPE, 0, 2, query, 5));
        assertThrows(IllegalArgumentException.class, () -> new HeadNeighbours(SHAPE, 0, 0, new float[3], 5));
        assertThrows(IllegalArgumentException.class, () -> new TopScores(0));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new TopScores(2).offer(17, Double.NaN));
        assertTrue(nan.getMessage().contains("row 17"), nan.getMessage());
    }
}
