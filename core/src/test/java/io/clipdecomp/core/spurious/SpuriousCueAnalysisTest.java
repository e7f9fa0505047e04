package io.clipdecomp.core.spurious;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.DecompositionChunk;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.io.NpyWriter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compute_use_specific_heads.py from files read in chunks, against a plain in-memory re-computation (spec §10). */
class SpuriousCueAnalysisTest {
    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void groupAccuraciesMatchThePlainComputationAcrossChunks() throws IOException {
        // 4,500 rows cross the 4,096-row chunk limit; 6 layers, so layers 0 and 1 are ablated as a whole
        WaterbirdsFixture f = new WaterbirdsFixture(1, 4500, new TermShape(6, 3, 5), new HeadIndex(4, 1), 0.8, 1.2);
        f.write(dir, "wb", "m", "wb_labels.npy");
        List<HeadIndex> heads = List.of(new HeadIndex(4, 1), new HeadIndex(5, 2), new HeadIndex(0, 1));
        SpuriousCueAnalysis.Result r;
        try (DecompositionRows rows = DecompositionRows.open(dir, "wb", "m", false);
             GroupLabels labels = GroupLabels.open(dir, "wb", "m", rows.rows())) {
            assertEquals(4096, rows.chunkRows());
            r = SpuriousCueAnalysis.withHeads(manager, rows, labels, linear(f), heads, 4, 7);
        }
        assertEquals(4500, r.images());
        assertSame(f.plain(null), r.baseline(), "baseline");
        assertSame(f.plain(heads), r.replaced(), "replaced");
        assertNotEquals(r.baseline().full(), r.replaced().full(), "the ablation changes the accuracy");
        assertTrue(r.replaced().worst() > r.baseline().worst(), "removing the place head helps the worst group");
        assertEquals(heads, r.heads());
        assertEquals(4, r.random().size());
        List<HeadIndex> lastFour = f.lastFourLayers();
        for (SpuriousCueAnalysis.RandomTrial t : r.random()) {
            assertEquals(3, t.heads().size());
            assertEquals(3, new HashSet<>(t.heads()).size(), "distinct heads");
            assertTrue(lastFour.containsAll(t.heads()), "heads of the last four layers: " + t.heads());
            assertSame(f.plain(t.heads()), t.accuracies(), "random " + t.heads());
        }
        assertEquals(RandomHeadSets.draw(lastFour, 3, 4, 7), r.random().stream()
                .map(SpuriousCueAnalysis.RandomTrial::heads).toList(), "the seed fixes the sets");
        assertNotEquals(RandomHeadSets.draw(lastFour, 3, 4, 7), RandomHeadSets.draw(lastFour, 3, 4, 8));
        SpuriousCueAnalysis.RandomTrial best = r.bestRandom();
        for (SpuriousCueAnalysis.RandomTrial t : r.random()) {
            assertTrue(best.accuracies().worst() >= t.accuracies().worst());
        }
    }

    @Test
    void smallBatchesGiveTheSameCounts() throws IOException {
        WaterbirdsFixture f = new WaterbirdsFixture(2, 300, new TermShape(3, 2, 4), new HeadIndex(2, 1), 0.7, 1.0);
        f.write(dir, "wb", "m", "wb_labels_m.npy");
        List<HeadIndex> heads = List.of(new HeadIndex(2, 1));
        try (DecompositionRows rows = DecompositionRows.open(dir, "wb", "m", false);
             GroupLabels labels = GroupLabels.open(dir, "wb", "m", rows.rows())) {
            TermMeans.Sums sums = new TermMeans.Sums(rows.shape());
            rows.forEachChunk(sums::add);
            // 2 variants of 4 doubles, 10 doubles a batch: one image per classifier product
            HeadRemoval removal = new HeadRemoval(sums.means(), linear(f), List.of(heads), 10);
            DecompositionChunk chunk = rows.read(0, 300);
            removal.add(manager, chunk, labels.groups(0, 300));
            assertSame(f.plain(null), removal.baseline(), "baseline");
            // fewer than four layers: nothing is ablated as a whole, as range(L - 4) is empty
            assertSame(f.plain(heads), removal.replaced(0), "replaced");
        }
    }

    @Test
    void anEmptyGroupHasNoAccuracyAndIsNotTheWorst() {
        GroupAccuracies a = new GroupAccuracies(new long[] {3, 0, 2, 5}, new long[] {1, 0, 2, 1});
        assertNull(a.group(1));
        assertEquals(100.0 / 3, a.group(0), 1e-12);
        assertEquals(3, a.worstGroup());
        assertEquals(20.0, a.worst());
        assertEquals(40.0, a.full());
        assertEquals("{'(0, 0)': 33.33333333333333, '(0, 1)': nan, '(1, 0)': 100.0, '(1, 1)': 20.0, 'full': 40.0}",
                a.toPythonDict());
        assertEquals(List.of("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)", "full", "worst"), List.copyOf(a.toMap().keySet()));
    }

    @Test
    void labelsMustBeYAndPlacePairsOfZerosAndOnes() throws IOException {
        NpyWriter.write(dir.resolve("w_labels.npy"), new long[] {1, 0, 0, 1, 2, 1}, 3, 2, 1);
        try (GroupLabels labels = GroupLabels.open(dir, "w", "m", 3)) {
            assertArrayEquals(new int[] {2, 1}, labels.groups(0, 2), "group 2 y + place");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> labels.groups(0, 3));
            assertTrue(bad.getMessage().contains("row 2 has y 2 and place 1"), bad.getMessage());
        }
        NpyWriter.write(dir.resolve("v_labels.npy"), new long[] {1, 0, 0}, 3);
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> GroupLabels.open(dir, "v", "m", 3));
        assertTrue(flat.getMessage().endsWith("expected integer (y, place) labels [K, 2, 1]"), flat.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupLabels.open(dir, "w", "m", 4));
        assertThrows(NoSuchFileException.class, () -> GroupLabels.open(dir, "u", "m", 3));
    }

    @Test
    void headsOutsideTheModelAndImpossibleRandomSetsAreRefused() throws IOException {
        WaterbirdsFixture f = new WaterbirdsFixture(3, 20, new TermShape(2, 2, 3), new HeadIndex(1, 1), 0.7, 1.0);
        f.write(dir, "wb", "m", "wb_labels.npy");
        try (DecompositionRows rows = DecompositionRows.open(dir, "wb", "m", false);
             GroupLabels labels = GroupLabels.open(dir, "wb", "m", rows.rows())) {
            IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> SpuriousCueAnalysis
                    .withHeads(manager, rows, labels, linear(f), List.of(new HeadIndex(2, 0)), 0, 0));
            assertTrue(outside.getMessage().startsWith("head 2.0 is outside"), outside.getMessage());
            // 4 heads in all: 5 distinct ones cannot be drawn, unless no draw is asked for
            assertThrows(IllegalArgumentException.class, () -> RandomHeadSets.draw(f.lastFourLayers(), 5, 1, 0));
            assertEquals(List.of(), RandomHeadSets.draw(f.lastFourLayers(), 5, 0, 0));
        }
    }

    @Test
    void headsParseAsLayerDotHead() {
        assertEquals(List.of(new HeadIndex(11, 3), new HeadIndex(0, 2)), HeadIndex.parseList("11.3, 0.2,11.3"));
        for (String bad : new String[] {"11", "1.2.3", "a.b", "-1.2", ""}) {
            assertThrows(IllegalArgumentException.class, () -> HeadIndex.parseList(bad), bad);
        }
    }

    private static void assertSame(GroupAccuracies expected, GroupAccuracies actual, String what) {
        assertArrayEquals(expected.images(), actual.images(), what + ": images per group");
        assertArrayEquals(expected.hits(), actual.hits(), what + ": hits per group");
    }

    private static LinearClassifier linear(WaterbirdsFixture f) {
        return new LinearClassifier(f.shape.dim(), 2, f.classifier);
    }
}
