package io.clipdecomp.jobs.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clipdecomp.core.analysis.AblationSample;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The per-subtask pre-aggregation: sums, reduced images and head moments, flushed at the points that matter. */
@SuppressWarnings("try") // Flink's test harnesses declare close() throws Exception
class PartialSumsOperatorTest {
    private static final int L = 3;
    private static final int H = 2;
    private static final int D = 4;
    private static final TestDecompositions IMAGES = new TestDecompositions(L, H, D);
    private static final AnalysisSettings BOTH = new AnalysisSettings(new AnalysisSettings.TextSpanSettings("t",
            "t.txt", "t.npy", 2, 2, 3, 10), "classifier.npy");

    private static OneInputStreamOperatorTestHarness<ImageDecomposition, PartialSums> harness(AnalysisSettings s)
            throws Exception {
        OneInputStreamOperatorTestHarness<ImageDecomposition, PartialSums> h =
                new OneInputStreamOperatorTestHarness<>(new PartialSumsOperator(s));
        h.open();
        return h;
    }

    @Test
    void theEndOfInputFlushesSumsReducedImagesAndMomentsOfTheLastLayers() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        List<ImageDecomposition> in = new ArrayList<>();
        // 40 images: more than one row batch of 32, some without a label
        for (int i = 0; i < 40; i++) {
            in.add(i % 5 == 4 ? IMAGES.next(r, "s", i) : IMAGES.next(r, "s", i, (long) (i % 3)));
        }
        try (var h = harness(BOTH)) {
            for (ImageDecomposition d : in) {
                h.processElement(new StreamRecord<>(d));
            }
            assertEquals(0, h.extractOutputValues().size(), "nothing before a flush");
            h.processWatermark(100);
            assertEquals(0, h.extractOutputValues().size(), "a periodic watermark passes without a flush");
            h.processWatermark(Long.MAX_VALUE);
            List<PartialSums> out = h.extractOutputValues();
            assertEquals(1, out.size());
            PartialSums p = out.get(0);
            assertEquals(40, p.sums.count);
            assertSums(in, p.sums);
            List<AblationSample> samples = p.ablationSamples(new TermShape(L, H, D));
            assertEquals(32, samples.size(), "the labelled images");
            assertEquals(1, samples.get(1).label());
            AblationSample expected = AblationSample.of(new TermShape(L, H, D), FloatTensors.unpack(in.get(1).getHeads()),
                    0, FloatTensors.unpack(in.get(1).getMlps()), 0, FloatTensors.unpack(in.get(1).getClsAttn()), 0, 1);
            assertArrayEquals(expected.layerSums(), samples.get(1).layerSums());
            assertArrayEquals(expected.clsTotal(), samples.get(1).clsTotal());
            assertArrayEquals(expected.mlpTotal(), samples.get(1).mlpTotal());

            ConcurrentLinkedQueue<StreamRecord<HeadMomentsValue>> moments = h.getSideOutput(PartialSumsOperator.MOMENTS);
            assertEquals(2 * H, moments.size(), "every head of the last 2 layers");
            for (StreamRecord<HeadMomentsValue> record : moments) {
                HeadMomentsValue m = record.getValue();
                assertEquals(40, m.count);
                assertEquals("s", m.dataset);
                assertMoments(in, m);
            }
            assertEquals(List.of(1, 1, 2, 2), moments.stream().map(x -> x.getValue().layer).sorted().toList());
        }
    }

    @Test
    void eachCheckpointAndTheEndOfInputFlushAndEachDatasetHasItsOwnPartial() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        try (var h = harness(AnalysisSettings.NONE)) {
            h.processElement(new StreamRecord<>(IMAGES.next(r, "a", 0)));
            h.processElement(new StreamRecord<>(IMAGES.next(r, "b", 0)));
            h.processElement(new StreamRecord<>(IMAGES.next(r, "a", 1)));
            h.prepareSnapshotPreBarrier(1);
            List<PartialSums> out = h.extractOutputValues();
            assertEquals(List.of("a:2", "b:1"), out.stream().map(p -> p.sums.dataset + ":" + p.sums.count).toList());
            assertNull(out.get(0).ablationLabels, "no classifier, no reduced images");
            assertEquals(0, h.getSideOutput(PartialSumsOperator.MOMENTS) == null ? 0
                    : h.getSideOutput(PartialSumsOperator.MOMENTS).size(), "no TextSpan, no moments");
            h.processElement(new StreamRecord<>(IMAGES.next(r, "a", 2)));
            h.endInput();
            h.getOneInputOperator().finish();
            assertEquals(3, h.extractOutputValues().size());
            assertEquals(1, h.extractOutputValues().get(2).sums.count);
        }
    }

    @Test
    void flushesOnItsOwnAfterAThousandAndTwentyFourImages() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        try (var h = harness(AnalysisSettings.NONE)) {
            for (int i = 0; i < PartialSumsOperator.FLUSH_IMAGES + 5; i++) {
                h.processElement(new StreamRecord<>(IMAGES.next(r, "a", i)));
            }
            assertEquals(List.of((long) PartialSumsOperator.FLUSH_IMAGES),
                    h.extractOutputValues().stream().map(p -> p.sums.count).toList());
        }
    }

    private static void assertSums(List<ImageDecomposition> in, ComponentSums sums) {
        double[] heads = new double[L * H * D];
        for (ImageDecomposition d : in) {
            float[] h = FloatTensors.unpack(d.getHeads());
            for (int i = 0; i < heads.length; i++) {
                heads[i] += h[i];
            }
        }
        assertArrayEquals(heads, sums.heads, 1e-9);
    }

    /** XᵀX and Σx of one head over the images, by rank-1 sums. */
    private static void assertMoments(List<ImageDecomposition> in, HeadMomentsValue m) {
        double[] sum = new double[D];
        double[][] gram = new double[D][D];
        for (ImageDecomposition d : in) {
            float[] h = FloatTensors.unpack(d.getHeads());
            int o = (m.layer * H + m.head) * D;
            for (int a = 0; a < D; a++) {
                sum[a] += h[o + a];
                for (int b = 0; b < D; b++) {
                    gram[a][b] += (double) h[o + a] * h[o + b];
                }
            }
        }
        assertArrayEquals(sum, m.sum, 1e-9, "sum of head " + m.layer + "." + m.head);
        int p = 0;
        for (int a = 0; a < D; a++) {
            for (int b = a; b < D; b++) {
                assertEquals(gram[a][b], m.secondMoment[p++], 1e-9, "XᵀX[" + a + "][" + b + "]");
            }
        }
    }
}
