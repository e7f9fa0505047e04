package io.clipdecomp.jobs.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.textspan.HeadMoments;
import io.clipdecomp.core.textspan.HeadTextSpan;
import io.clipdecomp.core.textspan.TextSpanSelector;
import io.clipdecomp.schemas.TextSpanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One head's moments in keyed state, merged from partials, and TextSpan run on them at each emission. */
@SuppressWarnings("try") // Flink's test harnesses declare close() throws Exception
class HeadMomentsFunctionTest {
    private static final int D = 5;
    private static final int TEXTS = 9;
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

    private AnalysisSettings.TextSpanSettings settings(float[][] texts, long every) throws Exception {
        float[] flat = new float[TEXTS * D];
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < TEXTS; m++) {
            System.arraycopy(texts[m], 0, flat, m * D, D);
            lines.add("text number " + m);
        }
        Path txt = Files.write(dir.resolve("words.txt"), lines);
        Path npy = dir.resolve("words_tiny.npy");
        NpyWriter.write(npy, flat, TEXTS, D);
        return new AnalysisSettings.TextSpanSettings("words", txt.toString(), npy.toString(), 3, 1, 4, every);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HeadMomentsValue, TextSpanResult> harness(
            AnalysisSettings.TextSpanSettings s) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new HeadMomentsFunction(s),
                HeadMomentsValue::keyOf, Types.STRING);
    }

    private static HeadMomentsValue partial(float[] rows, int first, int count, int head) {
        HeadMoments m = new HeadMoments(D);
        m.addRows(manager, rows, first * D, count, D);
        return HeadMomentsValue.of("tiny", "s", 1, head, m);
    }

    @Test
    void mergedPartialsGiveTheTextSpanOfAllTheirImages() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        float[] rows = TestDecompositions.random(r, 30 * D);
        float[][] texts = new float[TEXTS][];
        for (int m = 0; m < TEXTS; m++) {
            texts[m] = TestDecompositions.random(r, D);
        }
        try (var h = harness(settings(texts, 20))) {
            h.processElement(partial(rows, 0, 12, 0), 0);
            assertEquals(0, h.extractOutputValues().size(), "12 images: below 20");
            h.processElement(partial(rows, 12, 10, 0), 0);
            h.processElement(partial(rows, 0, 30, 1), 0);
            List<TextSpanResult> out = h.extractOutputValues();
            assertEquals(2, out.size(), "head 0 at 22 images, head 1 at 30");
            HeadMoments first22 = new HeadMoments(D);
            first22.addRows(manager, rows, 0, 22, D);
            assertSameSpan(texts, first22, out.get(0), false);
            h.processElement(partial(rows, 22, 8, 0), 0);
            assertEquals(2, h.extractOutputValues().size(), "30 images: below 40");
            assertEquals(2, h.numKeyedStateEntries(), "one value per head");
            h.processWatermark(Long.MAX_VALUE);
            out = h.extractOutputValues();
            assertEquals(4, out.size(), "a final result per head");
            HeadMoments all = new HeadMoments(D);
            all.addRows(manager, rows, 0, 30, D);
            for (TextSpanResult result : out.subList(2, 4)) {
                assertSameSpan(texts, all, result, true);
            }
        }
    }

    private static void assertSameSpan(float[][] texts, HeadMoments moments, TextSpanResult result, boolean isFinal) {
        HeadTextSpan want = new TextSpanSelector(texts, 3, 4).select(1, result.getHead(), moments);
        assertEquals(moments.count(), result.getImages());
        assertEquals(isFinal, result.getIsFinal());
        assertEquals("words", result.getTextSet());
        assertArrayEquals(want.indices(), result.getIndices().stream().mapToInt(Integer::intValue).toArray());
        assertArrayEquals(want.varianceShares(), result.getVarianceShares().stream().mapToDouble(Double::doubleValue)
                .toArray(), 1e-9);
        for (int i = 0; i < want.indices().length; i++) {
            assertEquals("text number " + want.indices()[i], result.getTexts().get(i));
        }
        assertFalse(result.getTexts().isEmpty());
        assertTrue(result.getVarianceShares().stream().allMatch(v -> v >= 0 && v <= 1));
    }
}
