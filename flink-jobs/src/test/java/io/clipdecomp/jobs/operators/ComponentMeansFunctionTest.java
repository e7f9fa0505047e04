package io.clipdecomp.jobs.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.AblationAccuracies;
import io.clipdecomp.core.analysis.AblationMeans;
import io.clipdecomp.core.analysis.AblationSample;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.MeanAblation;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.jobs.JobFixtures;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running means in keyed state: every N images, once more at the end of bounded input, one set of sums per key. */
@SuppressWarnings("try") // Flink's test harnesses declare close() throws Exception
class ComponentMeansFunctionTest {
    private static final int L = 2;
    private static final int H = 3;
    private static final int D = 4;

    private static KeyedOneInputStreamOperatorTestHarness<String, PartialSums, ComponentMeans> harness(
            long every) throws Exception {
        return harness(every, null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PartialSums, ComponentMeans> harness(
            long every, String classifier) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ComponentMeansFunction(every, classifier),
                ComponentMeansFunction::keyOf, Types.STRING);
    }

    /** A subtask's partial sums of {@code images} (all of one key), as PartialSumsOperator sends them. */
    private static PartialSums partial(ImageDecomposition... images) {
        PartialSums p = new PartialSums();
        p.sums = new ComponentSums(images[0].getModel(), images[0].getDataset());
        for (ImageDecomposition d : images) {
            p.sums.add(FloatTensors.unpack(d.getHeads()), FloatTensors.unpack(d.getMlps()),
                    FloatTensors.unpack(d.getClsAttn()), FloatTensors.shape(d.getHeads()));
        }
        return p;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static ImageDecomposition decomposition(String dataset, int i, float[] heads, float[] mlps, float[] cls) {
        return ImageDecomposition.newBuilder().setId(dataset + "-" + i).setIndex(i).setModel("tiny")
                .setDataset(dataset).setLabel(List.of())
                .setEmbedding(FloatTensors.pack(new float[D], D)).setEmbeddingNorm(1f)
                .setHeads(FloatTensors.pack(heads, L, H, D)).setMlps(FloatTensors.pack(mlps, L + 1, D))
                .setClsAttn(FloatTensors.pack(cls, L, D)).setEventTime(Instant.ofEpochMilli(i)).build();
    }

    /** The inputs of one key, kept to compute their means directly. */
    private static final class Inputs {
        final String dataset;
        final List<float[]> heads = new ArrayList<>();
        final List<float[]> mlps = new ArrayList<>();
        final List<float[]> cls = new ArrayList<>();

        Inputs(String dataset) {
            this.dataset = dataset;
        }

        ImageDecomposition next(SplittableRandom r) {
            heads.add(random(r, L * H * D));
            mlps.add(random(r, (L + 1) * D));
            cls.add(random(r, L * D));
            int i = heads.size() - 1;
            return decomposition(dataset, i, heads.get(i), mlps.get(i), cls.get(i));
        }

        /** Asserts that {@code m} holds the means of the first {@code count} inputs. */
        void assertMeansOfFirst(int count, boolean isFinal, ComponentMeans m) {
            assertEquals("tiny", m.getModel());
            assertEquals(dataset, m.getDataset());
            assertEquals(count, m.getCount());
            assertEquals(isFinal, m.getIsFinal());
            assertArrayEquals(new int[] {L, H, D}, FloatTensors.shape(m.getHeads()));
            assertArrayEquals(new int[] {L + 1, D}, FloatTensors.shape(m.getMlps()));
            assertArrayEquals(new int[] {L, D}, FloatTensors.shape(m.getClsAttn()));
            JobFixtures.assertClose(JobFixtures.mean(heads.subList(0, count)), FloatTensors.unpack(m.getHeads()),
                    dataset + " heads");
            JobFixtures.assertClose(JobFixtures.mean(mlps.subList(0, count)), FloatTensors.unpack(m.getMlps()),
                    dataset + " mlps");
            JobFixtures.assertClose(JobFixtures.mean(cls.subList(0, count)), FloatTensors.unpack(m.getClsAttn()),
                    dataset + " cls_attn");
        }
    }

    @Test
    void twoImagesMeanByHand() throws Exception {
        float[] h1 = new float[L * H * D];
        float[] h2 = new float[L * H * D];
        for (int i = 0; i < h1.length; i++) {
            h1[i] = i;
            h2[i] = 3 * i + 2; // mean: 2i + 1
        }
        try (var h = harness(2)) {
            h.processElement(partial(decomposition("a", 0, h1, new float[(L + 1) * D], new float[L * D])), 0);
            h.processElement(partial(decomposition("a", 1, h2, new float[(L + 1) * D], new float[L * D])), 0);
            List<ComponentMeans> out = h.extractOutputValues();
            assertEquals(1, out.size());
            float[] heads = FloatTensors.unpack(out.get(0).getHeads());
            for (int i = 0; i < heads.length; i++) {
                assertEquals(2 * i + 1, heads[i], 0f);
            }
            assertEquals(2, out.get(0).getCount());
        }
    }

    @Test
    void meansAreEmittedEveryNImagesAndOnceMoreAtTheEndOfInput() throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        Inputs a = new Inputs("a");
        try (var h = harness(3)) {
            for (int i = 0; i < 7; i++) {
                h.processElement(partial(a.next(r)), i);
                assertEquals(i + 1 >= 3 ? (i + 1) / 3 : 0, h.extractOutputValues().size(), "after image " + i);
            }
            List<ComponentMeans> out = h.extractOutputValues();
            a.assertMeansOfFirst(3, false, out.get(0));
            a.assertMeansOfFirst(6, false, out.get(1));
            assertEquals(1, h.numEventTimeTimers(), "the end-of-input timer");
            h.processWatermark(Long.MAX_VALUE - 1);
            assertEquals(2, h.extractOutputValues().size(), "no final means before the input ends");
            h.processWatermark(Long.MAX_VALUE);
            out = h.extractOutputValues();
            assertEquals(3, out.size());
            a.assertMeansOfFirst(7, true, out.get(2));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void partialsOfSeveralImagesEmitWhenTheyReachAMultiple() throws Exception {
        SplittableRandom r = new SplittableRandom(10);
        Inputs a = new Inputs("a");
        try (var h = harness(4)) {
            h.processElement(partial(a.next(r), a.next(r), a.next(r)), 0);
            assertEquals(0, h.extractOutputValues().size(), "3 images: below the first multiple");
            h.processElement(partial(a.next(r), a.next(r), a.next(r)), 0);
            h.processElement(partial(a.next(r)), 0);
            h.processElement(partial(a.next(r), a.next(r)), 0);
            List<ComponentMeans> out = h.extractOutputValues();
            assertEquals(2, out.size(), "6 images cross 4, 9 cross 8");
            a.assertMeansOfFirst(6, false, out.get(0));
            a.assertMeansOfFirst(9, false, out.get(1));
        }
    }

    @Test
    void labelledImagesAreScoredOnArrivalAgainstTheRunningMeans(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(12);
        int classes = 3;
        float[] weights = random(r, D * classes);
        Path classifier = dir.resolve("c.npy");
        NpyWriter.write(classifier, weights, D, classes);
        TermShape shape = new TermShape(L, H, D);
        TestDecompositions images = new TestDecompositions(L, H, D);
        List<ImageDecomposition> seen = new ArrayList<>();
        long[] hits = new long[4 + L];
        long scored = 0;
        try (var h = harness(5, classifier.toString()); NDManager manager = NDManager.newBaseManager()) {
            for (int batch = 0; batch < 4; batch++) {
                List<ImageDecomposition> part = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    part.add(images.next(r, "a", seen.size() + i, (long) r.nextInt(classes)));
                }
                seen.addAll(part);
                PartialSums p = partial(part.toArray(new ImageDecomposition[0]));
                List<AblationSample> samples = new ArrayList<>();
                for (ImageDecomposition d : part) {
                    samples.add(AblationSample.of(shape, FloatTensors.unpack(d.getHeads()), 0,
                            FloatTensors.unpack(d.getMlps()), 0, FloatTensors.unpack(d.getClsAttn()), 0,
                            d.getLabel().get(0)));
                }
                p.ablationLabels = samples.stream().mapToLong(AblationSample::label).toArray();
                p.ablationTerms = new double[samples.size() * (L + 2) * D];
                for (int i = 0; i < samples.size(); i++) {
                    PartialSums.pack(samples.get(i), p.ablationTerms, i * (L + 2) * D);
                }
                h.processElement(p, 0);
                // the expectation: these images against the means of every image so far, taken from the inputs
                MeanAblation expected = new MeanAblation(plainMeans(shape, seen),
                        new LinearClassifier(D, classes, weights));
                expected.add(manager, samples);
                long[] more = expected.hits();
                for (int v = 0; v < hits.length; v++) {
                    hits[v] += more[v];
                }
                scored += samples.size();
            }
            List<AblationReport> reports = h.getSideOutput(ComponentMeansFunction.ABLATION).stream()
                    .map(StreamRecord::getValue).toList();
            assertEquals(List.of(6L, 12L), reports.stream().map(AblationReport::getImages).toList(),
                    "a report with the means at 6 (crossing 5) and 12 (crossing 10)");
            h.processWatermark(Long.MAX_VALUE);
            AblationReport last = h.getSideOutput(ComponentMeansFunction.ABLATION).stream().map(StreamRecord::getValue)
                    .reduce((x, y) -> y).orElseThrow();
            assertTrue(last.getIsFinal());
            AblationAccuracies want = AblationAccuracies.of(scored, hits);
            assertEquals(want.baseline(), last.getBaseline());
            assertEquals(want.mlps(), last.getMlps());
            assertEquals(want.cls(), last.getCls());
            assertEquals(want.mlpsAndCls(), last.getMlpsAndCls());
            assertEquals(Arrays.stream(want.attentionLayers()).boxed().toList(), last.getAttentionLayers());
        }
    }

    /** The ablation means of {@code images}, from their terms directly. */
    private static AblationMeans plainMeans(TermShape shape, List<ImageDecomposition> images) {
        float[] heads = JobFixtures.mean(images.stream().map(d -> FloatTensors.unpack(d.getHeads())).toList());
        float[] mlps = JobFixtures.mean(images.stream().map(d -> FloatTensors.unpack(d.getMlps())).toList());
        float[] cls = JobFixtures.mean(images.stream().map(d -> FloatTensors.unpack(d.getClsAttn())).toList());
        double[] layers = new double[L * D];
        for (int l = 0; l < L; l++) {
            for (int hd = 0; hd < H; hd++) {
                for (int j = 0; j < D; j++) {
                    layers[l * D + j] += heads[(l * H + hd) * D + j];
                }
            }
        }
        return new AblationMeans(shape, images.size(), toDoubles(mlps), toDoubles(cls), layers);
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void eachDatasetKeepsItsOwnSums() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        Inputs a = new Inputs("a");
        Inputs b = new Inputs("b");
        try (var h = harness(2)) {
            // a b b a b a: a reaches 2 at the 4th record, b at the 3rd
            h.processElement(partial(a.next(r)), 0);
            h.processElement(partial(b.next(r)), 0);
            h.processElement(partial(b.next(r)), 0);
            h.processElement(partial(a.next(r)), 0);
            h.processElement(partial(b.next(r)), 0);
            h.processElement(partial(a.next(r)), 0);
            List<ComponentMeans> out = h.extractOutputValues();
            assertEquals(2, out.size());
            b.assertMeansOfFirst(2, false, out.get(0));
            a.assertMeansOfFirst(2, false, out.get(1));
            assertEquals(2, h.numEventTimeTimers(), "one end-of-input timer per key");
            h.processWatermark(Long.MAX_VALUE);
            out = h.extractOutputValues();
            assertEquals(4, out.size());
            List<ComponentMeans> finals = out.subList(2, 4).stream()
                    .sorted((x, y) -> x.getDataset().compareTo(y.getDataset())).toList();
            a.assertMeansOfFirst(3, true, finals.get(0));
            b.assertMeansOfFirst(3, true, finals.get(1));
        }
    }

    @Test
    void termsOfAnotherSizeAreRefused() throws Exception {
        try (var h = harness(5)) {
            h.processElement(partial(decomposition("a", 0, new float[L * H * D], new float[(L + 1) * D],
                    new float[L * D])), 0);
            ImageDecomposition wider = ImageDecomposition.newBuilder(
                            decomposition("a", 1, new float[L * H * D], new float[(L + 1) * D], new float[L * D]))
                    .setHeads(FloatTensors.pack(new float[L * H * (D + 1)], L, H, D + 1)).build();
            Exception e = assertThrows(Exception.class, () -> h.processElement(partial(wider), 0));
            assertTrue(String.valueOf(e.getMessage()).contains("do not match"), e.getMessage());
        }
    }

    @Test
    void anEmissionIntervalBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ComponentMeansFunction(0, null));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
