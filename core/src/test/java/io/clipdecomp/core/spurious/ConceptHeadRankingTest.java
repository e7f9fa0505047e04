package io.clipdecomp.core.spurious;

import static io.clipdecomp.core.spurious.WaterbirdsFixture.randomText;
import static io.clipdecomp.core.spurious.WaterbirdsFixture.textNear;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.textspan.HeadMoments;
import io.clipdecomp.core.textspan.TextSpanSelector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic head choice on synthetic data with a planted place head: the concept score against a plain computation
 * on the samples, and the planted head chosen.
 */
class ConceptHeadRankingTest {
    private static final int D = 16;
    private static final int RANDOM_TEXTS = 36;
    private static final int PLACE_TEXTS = 4;
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
    void thePlantedPlaceHeadIsChosenAndItsRemovalHelpsTheWorstGroup() throws IOException {
        WaterbirdsFixture f = fixture();
        f.write(dir, "wb", "m", "wb_labels.npy");
        SplittableRandom random = new SplittableRandom(9);
        float[][] pool = pool(f, random);
        float[][] concepts = {textNear(f.placeDirection, random), randomText(D, random)};
        ConceptHeadRanking ranking = new ConceptHeadRanking(new TextSpanSelector(pool, 5, D), pool, concepts);
        SpuriousCueAnalysis.Result r;
        try (DecompositionRows rows = DecompositionRows.open(dir, "wb", "m", false);
             GroupLabels labels = GroupLabels.open(dir, "wb", "m", rows.rows())) {
            r = SpuriousCueAnalysis.withConceptHeads(manager, rows, labels, new LinearClassifier(D, 2, f.classifier),
                    ranking, 1, 5, 3);
        }
        assertEquals(List.of(f.placeHead), r.heads());
        HeadConceptScore chosen = r.scores().get(0);
        int best = 0;
        for (int i = 1; i < chosen.alignments().length; i++) {
            if (chosen.alignedShare(i) > chosen.alignedShare(best)) {
                best = i;
            }
        }
        assertTrue(chosen.span().indices()[best] >= RANDOM_TEXTS, "a place text matched: " + chosen.span().indices()[best]);
        assertEquals(0, chosen.nearestConcepts()[best], "nearest to the place concept");
        // variance 4 along the place direction and 0.25 in each of 16 directions: about 4.25 / 8
        assertTrue(chosen.score() > 0.4, "score " + chosen.score());
        assertTrue(r.replaced().worst() > r.baseline().worst() + 10, r.baseline().worst() + " -> " + r.replaced().worst());
        assertSameCounts(f.plain(List.of(f.placeHead)), r.replaced());
        assertEquals(5, r.random().size());
    }

    @Test
    void conceptScoresMatchThePlainComputationOnTheSamples() {
        WaterbirdsFixture f = fixture();
        SplittableRandom random = new SplittableRandom(4);
        float[][] pool = pool(f, random);
        float[][] concepts = {textNear(f.placeDirection, random), textNear(f.placeDirection, random),
            randomText(D, random)};
        ConceptHeadRanking ranking = new ConceptHeadRanking(new TextSpanSelector(pool, 6, 10), pool, concepts);
        assertEquals(3, ranking.conceptDimensions());
        List<HeadConceptScore> scores = new ArrayList<>();
        for (HeadIndex h : f.lastFourLayers()) {
            HeadMoments m = new HeadMoments(D);
            m.addRows(manager, f.heads, f.shape.headOffset(h.layer(), h.head()), f.k, f.shape.headLength());
            HeadConceptScore s = ranking.score(h.layer(), h.head(), m);
            double plain = plainScore(f, h, s, pool, concepts);
            assertEquals(plain, s.score(), 1e-9 * Math.max(1, plain), "head " + h);
            assertTrue(s.score() >= 0 && s.score() <= s.span().explainedShare() + 1e-9, "head " + h);
            scores.add(s);
        }
        List<HeadConceptScore> top = ConceptHeadRanking.top(scores, 3);
        scores.sort(Comparator.comparingDouble(HeadConceptScore::score).reversed());
        assertEquals(scores.subList(0, 3), top);
        assertEquals(f.placeHead, top.get(0).index());
    }

    @Test
    void conceptsEqualToTheTextSetMeanAreRefused() {
        float[][] pool = {{1, 0}, {0, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConceptHeadRanking(new TextSpanSelector(pool, 1, 2), pool, new float[][] {{0.5f, 0.5f}}));
        assertTrue(e.getMessage().contains("do not differ"), e.getMessage());
    }

    /**
     * The share of the centered samples' squared norm that survives projecting onto the head's TextSpan directions
     * and then onto the span of the centered concept texts (least squares via the normal equations).
     */
    private static double plainScore(WaterbirdsFixture f, HeadIndex h, HeadConceptScore s, float[][] pool,
                                     float[][] concepts) {
        double[] poolMean = new double[D];
        for (float[] t : pool) {
            for (int j = 0; j < D; j++) {
                poolMean[j] += t[j] / (double) pool.length;
            }
        }
        DMatrixRMaj c = new DMatrixRMaj(D, concepts.length);
        for (int i = 0; i < concepts.length; i++) {
            for (int j = 0; j < D; j++) {
                c.set(j, i, concepts[i][j] - poolMean[j]);
            }
        }
        DMatrixRMaj ctc = new DMatrixRMaj(concepts.length, concepts.length);
        CommonOps_DDRM.multTransA(c, c, ctc);
        double[] mean = new double[D];
        for (int i = 0; i < f.k; i++) {
            for (int j = 0; j < D; j++) {
                mean[j] += f.heads[i * f.shape.headLength() + f.shape.headOffset(h.layer(), h.head()) + j] / (double) f.k;
            }
        }
        double[][] u = s.span().directions();
        double inside = 0;
        double total = 0;
        for (int i = 0; i < f.k; i++) {
            double[] x = new double[D];
            for (int j = 0; j < D; j++) {
                x[j] = f.heads[i * f.shape.headLength() + f.shape.headOffset(h.layer(), h.head()) + j] - mean[j];
                total += x[j] * x[j];
            }
            double[] rec = new double[D];
            for (double[] dir : u) {
                double dot = 0;
                for (int j = 0; j < D; j++) {
                    dot += x[j] * dir[j];
                }
                for (int j = 0; j < D; j++) {
                    rec[j] += dot * dir[j];
                }
            }
            DMatrixRMaj ctr = new DMatrixRMaj(concepts.length, 1);
            CommonOps_DDRM.multTransA(c, new DMatrixRMaj(D, 1, true, rec), ctr);
            DMatrixRMaj coef = new DMatrixRMaj(concepts.length, 1);
            assertTrue(CommonOps_DDRM.solve(ctc, ctr, coef));
            DMatrixRMaj projected = new DMatrixRMaj(D, 1);
            CommonOps_DDRM.mult(c, coef, projected);
            for (int j = 0; j < D; j++) {
                inside += projected.get(j) * projected.get(j);
            }
        }
        return inside / total;
    }

    private static WaterbirdsFixture fixture() {
        return new WaterbirdsFixture(5, 800, new TermShape(6, 4, D), new HeadIndex(4, 2), 0.8, 2.0);
    }

    /** 36 random unit texts, then 4 near the place direction. */
    private static float[][] pool(WaterbirdsFixture f, SplittableRandom random) {
        float[][] pool = new float[RANDOM_TEXTS + PLACE_TEXTS][];
        for (int i = 0; i < RANDOM_TEXTS; i++) {
            pool[i] = randomText(D, random);
        }
        for (int i = RANDOM_TEXTS; i < pool.length; i++) {
            pool[i] = textNear(f.placeDirection, random);
        }
        return pool;
    }

    private static void assertSameCounts(GroupAccuracies expected, GroupAccuracies actual) {
        assertArrayEquals(expected.hits(), actual.hits());
        assertArrayEquals(expected.images(), actual.images());
    }
}
