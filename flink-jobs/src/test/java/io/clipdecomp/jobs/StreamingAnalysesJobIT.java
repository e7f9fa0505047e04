package io.clipdecomp.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.ClassLabels;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.decompose.DecompositionShape;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.segment.ForegroundMap;
import io.clipdecomp.core.segment.HeadSelection;
import io.clipdecomp.core.segment.ImageScore;
import io.clipdecomp.core.segment.LabelMask;
import io.clipdecomp.core.segment.PatchMap;
import io.clipdecomp.core.segment.SegmentationTotals;
import io.clipdecomp.core.segment.ZeroShotSegmenter;
import io.clipdecomp.core.spurious.HeadRemoval;
import io.clipdecomp.core.spurious.TermMeans;
import io.clipdecomp.core.textspan.HeadTextSpan;
import io.clipdecomp.core.textspan.TextSpanAnalysis;
import io.clipdecomp.core.textspan.TextSpanSelector;
import io.clipdecomp.connectors.records.DecompositionRecords;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.jobs.operators.AnalysisSettings;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TextSpan and mean-ablation inside the job, parallelism 2: at the end of input every head's TextSpanResult is
 * what {@code textspan} picks from the files of the same decompositions, and every labelled image is scored.
 */
class StreamingAnalysesJobIT {
    private static final int IMAGES = 40;
    private static final int TEXTS = 12;
    private static final int CLASSES = 3;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path shared;
    private static Path model;
    private static AnalysisSettings analyses;
    private static float[][] texts;
    private static final List<ImageRecord> RECORDS = new ArrayList<>();

    @BeforeAll
    static void modelTextsAndImages() throws Exception {
        model = JobFixtures.model(shared.resolve("tiny"));
        SplittableRandom r = new SplittableRandom(6);
        texts = new float[TEXTS][JobFixtures.D];
        float[] flat = new float[TEXTS * JobFixtures.D];
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < TEXTS; m++) {
            for (int j = 0; j < JobFixtures.D; j++) {
                texts[m][j] = (float) r.nextGaussian();
                flat[m * JobFixtures.D + j] = texts[m][j];
            }
            lines.add("text " + m);
        }
        Path txt = Files.write(shared.resolve("words.txt"), lines);
        Path npy = shared.resolve("words_tiny.npy");
        NpyWriter.write(npy, flat, TEXTS, JobFixtures.D);
        float[] classifier = new float[JobFixtures.D * CLASSES];
        for (int i = 0; i < classifier.length; i++) {
            classifier[i] = (float) r.nextGaussian();
        }
        Path classifierFile = shared.resolve("classifier.npy");
        NpyWriter.write(classifierFile, classifier, JobFixtures.D, CLASSES);
        analyses = new AnalysisSettings(new AnalysisSettings.TextSpanSettings("words", txt.toString(), npy.toString(),
                3, JobFixtures.L, 6, 16), classifierFile.toString());
        for (int i = 0; i < IMAGES; i++) {
            RECORDS.add(JobFixtures.pngRecord("img-" + i, i, "shapes", i % CLASSES, JobFixtures.shapePng(31, i)));
        }
    }

    private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
        List<T> out = new ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(out::add);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void finalTextSpanResultsEqualTextspanOnTheSameImages(RuntimeExecutionMode mode) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        DecompositionJob.Outputs outputs = DecompositionJob.build(
                env.fromData(RECORDS, new AvroTypeInfo<>(ImageRecord.class)),
                new DecompositionJob.Settings(JobFixtures.settings(model, 4, 100), JobFixtures.preprocessor(), false,
                        16, analyses));
        CloseableIterator<ImageDecomposition> decompositions = outputs.decompositions().collectAsync();
        CloseableIterator<TextSpanResult> spans = outputs.textSpanResults().collectAsync();
        CloseableIterator<AblationReport> reports = outputs.ablationReports().collectAsync();
        JobClient job = env.executeAsync("streaming-analyses-" + mode);
        List<ImageDecomposition> results = drain(decompositions);
        List<TextSpanResult> emitted = drain(spans);
        List<AblationReport> ablation = drain(reports);
        job.getJobExecutionResult().get();
        assertEquals(IMAGES, results.size());

        // what textspan computes from the files of these decompositions
        Path dir = Files.createTempDirectory(shared, mode.name());
        try (DecompositionFiles files = new DecompositionFiles(dir, "x", "tiny", IMAGES,
                DecompositionShape.of(JobFixtures.config()), 1, false)) {
            for (ImageDecomposition d : results) {
                files.write(d.getIndex(), DecompositionRecords.toCore(d), DecompositionRecords.label(d.getLabel()));
            }
        }
        Files.copy(Path.of(analyses.classifierFile()), dir.resolve("x_classifier_tiny.npy"));
        List<HeadTextSpan> want;
        try (DecompositionRows rows = DecompositionRows.open(dir, "x", "tiny", false);
             ClassLabels labels = ClassLabels.open(dir, "x", "tiny", IMAGES);
             NDManager manager = NDManager.newBaseManager()) {
            want = TextSpanAnalysis.run(manager, rows, new TextSpanSelector(texts, 3, 6), JobFixtures.L, labels,
                    LinearClassifier.read(dir.resolve("x_classifier_tiny.npy"))).heads();
        }
        List<TextSpanResult> finals = emitted.stream().filter(TextSpanResult::getIsFinal)
                .sorted((a, b) -> a.getLayer() * 100 + a.getHead() - b.getLayer() * 100 - b.getHead()).toList();
        assertEquals(JobFixtures.L * JobFixtures.H, finals.size(), "a final result per head");
        for (int i = 0; i < finals.size(); i++) {
            TextSpanResult got = finals.get(i);
            HeadTextSpan expected = want.get(i);
            assertEquals(expected.layer(), got.getLayer());
            assertEquals(expected.head(), got.getHead());
            assertEquals(IMAGES, got.getImages());
            assertArrayEquals(expected.indices(), got.getIndices().stream().mapToInt(Integer::intValue).toArray(),
                    "head " + got.getLayer() + "." + got.getHead());
            assertArrayEquals(expected.varianceShares(),
                    got.getVarianceShares().stream().mapToDouble(Double::doubleValue).toArray(), 1e-9);
        }
        if (mode == RuntimeExecutionMode.STREAMING) {
            // each subtask's partial (about 20 images) arrives on its own: the first already passes 16
            assertTrue(emitted.stream().anyMatch(s -> !s.getIsFinal() && s.getImages() >= 16 && s.getImages() < IMAGES),
                    "an intermediate result per head: " + emitted.stream().map(TextSpanResult::getImages).toList());
        }

        AblationReport last = ablation.stream().filter(AblationReport::getIsFinal).findFirst().orElseThrow();
        assertEquals(IMAGES, last.getImages(), "every labelled image scored once");
        assertEquals(JobFixtures.L + 1, last.getAttentionLayers().size());
        assertTrue(last.getBaseline() >= 0 && last.getBaseline() <= 100);
    }

    /** (y, place)-labelled images: the final spurious-cue report equals the removal scored on their files. */
    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void theFinalSpuriousCueReportEqualsTheRemovalOnTheSameImages(RuntimeExecutionMode mode) throws Exception {
        Path classifierFile = shared.resolve("binary.npy");
        SplittableRandom r = new SplittableRandom(8);
        float[] weights = new float[JobFixtures.D * 2];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) r.nextGaussian();
        }
        NpyWriter.write(classifierFile, weights, JobFixtures.D, 2);
        List<HeadIndex> heads = List.of(new HeadIndex(1, 0));
        List<ImageRecord> records = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            ImageRecord base = JobFixtures.pngRecord("img-" + i, i, "birds", 0, JobFixtures.shapePng(33, i));
            records.add(ImageRecord.newBuilder(base).setLabel(List.of((long) (i % 2), (long) ((i / 2) % 2))).build());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        DecompositionJob.Outputs outputs = DecompositionJob.build(
                env.fromData(records, new AvroTypeInfo<>(ImageRecord.class)),
                new DecompositionJob.Settings(JobFixtures.settings(model, 4, 100), JobFixtures.preprocessor(), false,
                        16, new AnalysisSettings(null, classifierFile.toString(), heads)));
        CloseableIterator<ImageDecomposition> decompositions = outputs.decompositions().collectAsync();
        CloseableIterator<SpuriousCueReport> reports = outputs.spuriousReports().collectAsync();
        JobClient job = env.executeAsync("spurious-reports-" + mode);
        List<ImageDecomposition> results = drain(decompositions);
        List<SpuriousCueReport> emitted = drain(reports);
        job.getJobExecutionResult().get();

        Path dir = Files.createTempDirectory(shared, "birds-" + mode.name());
        try (DecompositionFiles files = new DecompositionFiles(dir, "x", "tiny", IMAGES,
                DecompositionShape.of(JobFixtures.config()), 2, false)) {
            for (ImageDecomposition d : results) {
                files.write(d.getIndex(), DecompositionRecords.toCore(d), DecompositionRecords.label(d.getLabel()));
            }
        }
        HeadRemoval removal;
        try (DecompositionRows rows = DecompositionRows.open(dir, "x", "tiny", false);
             NDManager manager = NDManager.newBaseManager()) {
            TermMeans.Sums sums = new TermMeans.Sums(rows.shape());
            rows.forEachChunk(sums::add);
            removal = new HeadRemoval(sums.means(), new LinearClassifier(JobFixtures.D, 2, weights), List.of(heads));
            int[] groups = new int[IMAGES];
            for (int i = 0; i < IMAGES; i++) {
                groups[i] = 2 * (i % 2) + (i / 2) % 2;
            }
            rows.forEachChunk(chunk -> removal.add(manager, chunk,
                    Arrays.copyOfRange(groups, (int) chunk.first(), (int) chunk.first() + chunk.count())));
        }
        SpuriousCueReport last = emitted.stream().filter(SpuriousCueReport::getIsFinal).findFirst().orElseThrow();
        assertEquals(IMAGES, last.getImages());
        assertEquals(List.of("1.0"), last.getHeads());
        assertEquals(removal.baseline().toMap(), last.getBaseline());
        assertEquals(removal.replaced(0).toMap(), last.getReplaced());
    }

    /** Images with true masks: the last running metrics equal segment's protocol run on the same images. */
    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void segmentationsCarryMasksAndTheRunningMetricsOfTheProtocol(RuntimeExecutionMode mode) throws Exception {
        List<ImageRecord> records = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ImageRecord base = RECORDS.get(i);
            records.add(ImageRecord.newBuilder(base).setMask(i % 4 == 3 ? null
                    : java.nio.ByteBuffer.wrap(JobFixtures.shapeMaskPng(31, i))).build());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        io.clipdecomp.jobs.operators.DecomposeSettings decompose = new io.clipdecomp.jobs.operators.DecomposeSettings(
                model.toString(), "tiny", "cpu", 1, 1, 100, false, null, analyses.classifierFile());
        DecompositionJob.Outputs outputs = DecompositionJob.build(env.fromData(records, new AvroTypeInfo<>(ImageRecord.class)),
                new DecompositionJob.Settings(decompose, JobFixtures.preprocessor(), false, 16));
        CloseableIterator<SegmentationResult> results = outputs.segmentationResults().collectAsync();
        JobClient job = env.executeAsync("segmentation-" + mode);
        List<SegmentationResult> emitted = drain(results);
        job.getJobExecutionResult().get();
        assertEquals(12, emitted.size(), "one result per image");

        SegmentationTotals totals = new SegmentationTotals();
        try (ClipModel clip = ClipModel.load(model, ai.djl.Device.cpu());
             ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            ZeroShotSegmenter segmenter = new ZeroShotSegmenter(decomposer,
                    LinearClassifier.read(Path.of(analyses.classifierFile())).classDirections(), HeadSelection.all());
            for (int i = 0; i < 12; i++) {
                String id = RECORDS.get(i).getId();
                SegmentationResult r = emitted.stream().filter(e -> e.getId().equals(id)).findFirst().orElseThrow();
                assertTrue(r.getMask().remaining() > 0 && r.getHeatmap().remaining() > 0, "mask and heatmap PNGs");
                assertEquals(i % 4 != 3, r.getScored(), id);
                if (i % 4 == 3) {
                    continue;
                }
                byte[] png = JobFixtures.bytes(RECORDS.get(i));
                PatchMap map = segmenter.patchMaps(List.of(JobFixtures.pixels(png))).get(0);
                ForegroundMap fg = ForegroundMap.of(map.values(), segmenter.grid(), segmenter.patch());
                LabelMask truth = LabelMask.ofNonZero(ImageDecoder.decode(JobFixtures.shapeMaskPng(31, i)))
                        .squareNearest(JobFixtures.preprocessor().size());
                ImageScore score = ImageScore.of(fg, truth);
                totals.add(score);
                assertEquals(map.predictedClass(), r.getPredictedClass());
                assertEquals(score.correct(), r.getCorrect(), id);
                // batches of one image, as here: a batch's float rounding could split or join tied scores
                assertEquals(score.averagePrecision(), r.getAveragePrecision(), 1e-9, id);
            }
        }
        SegmentationResult last = emitted.stream().filter(SegmentationResult::getScored)
                .max(java.util.Comparator.comparingLong(SegmentationResult::getImages)).orElseThrow();
        assertEquals(9, last.getImages(), "the images with a mask");
        assertEquals(totals.pixelAccuracy(), last.getRunningPixelAccuracy(), 1e-12);
        assertEquals(totals.meanIoU(), last.getRunningMeanIoU(), 1e-12);
        assertEquals(totals.meanAP(), last.getRunningMeanAP(), 1e-9);
        assertTrue(emitted.stream().filter(r -> !r.getScored()).count() == 3, "three images without a mask");
    }
}
