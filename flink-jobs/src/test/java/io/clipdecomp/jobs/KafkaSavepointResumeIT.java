package io.clipdecomp.jobs;

import static io.clipdecomp.jobs.KafkaJobFixtures.await;
import static io.clipdecomp.jobs.KafkaJobFixtures.committedOutputs;
import static io.clipdecomp.jobs.KafkaJobFixtures.readCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.textspan.HeadMoments;
import io.clipdecomp.core.textspan.HeadTextSpan;
import io.clipdecomp.core.textspan.TextSpanSelector;
import io.clipdecomp.jobs.operators.AnalysisSettings;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageRecord;
import io.clipdecomp.schemas.TextSpanResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop-with-savepoint and resume of the unbounded Kafka job: each image is decomposed exactly once across the
 * two runs, and the running means and per-head moments in RocksDB state carry over, so the means' and the
 * TextSpan results' emissions cover both halves.
 */
class KafkaSavepointResumeIT {
    private static final int PER_HALF = 6;
    /** The last image of each half is corrupt. */
    private static final int GOOD = 2 * (PER_HALF - 1);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path shared;
    private static EmbeddedKafkaBroker broker;
    private static Path model;

    @BeforeAll
    static void brokerAndModel() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        model = JobFixtures.model(shared.resolve("tiny"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void resumingFromASavepointDecomposesEveryImageOnceAndKeepsTheRunningMeans(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path work) throws Exception {
        List<ImageRecord> images = new ArrayList<>();
        Map<String, ImageDecomposition> expected = new HashMap<>();
        Set<String> corrupt = new TreeSet<>();
        try (JobFixtures.Reference reference = new JobFixtures.Reference(model)) {
            for (int index = 0; index < 2 * PER_HALF; index++) {
                if (index % PER_HALF == PER_HALF - 1) {
                    images.add(JobFixtures.corruptRecord("bad-" + index, index, "stream"));
                    corrupt.add("bad-" + index);
                } else {
                    byte[] png = JobFixtures.shapePng(41, index);
                    images.add(JobFixtures.pngRecord("img-" + index, index, "stream", index % 2, png));
                    expected.put("img-" + index, reference.decompose(JobFixtures.pixels(png)));
                }
            }
        }
        KafkaEndpoints kafka = KafkaJobFixtures.endpoints(broker.bootstrapServers(), "it-resume", false);
        // means and TextSpan results once, when the running count reaches every good image of both halves
        float[][] texts = randomTexts(9);
        AnalysisSettings analyses = new AnalysisSettings(new AnalysisSettings.TextSpanSettings("words",
                textFile(work, texts.length).toString(), embeddingFile(work, texts).toString(), 3, 1, 6, GOOD), null);
        DecompositionJob.Settings settings = new DecompositionJob.Settings(JobFixtures.settings(model, 2, 100),
                JobFixtures.preprocessor(), false, GOOD, analyses);

        KafkaJobFixtures.publish(kafka, images.subList(0, PER_HALF));
        JobClient first = kafka.job(settings).start(environment(work.resolve("first"), null), "resume-it-first");
        await("the first half's outputs to be committed", WAIT, () -> committedOutputs(kafka) >= PER_HALF);
        String savepoint = first.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
        first.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        KafkaJobFixtures.assertRocksDbExactlyOnce(cluster.getArchivedExecutionGraph(first.getJobID()).get());
        assertTrue(readCommitted(kafka, kafka.means()).isEmpty(), "no means before all images are in");
        assertTrue(readCommitted(kafka, kafka.textSpanResults()).isEmpty(), "no TextSpan before all images are in");

        KafkaJobFixtures.publish(kafka, images.subList(PER_HALF, 2 * PER_HALF));
        JobClient second = kafka.job(settings).start(environment(work.resolve("second"), Path.of(URI.create(savepoint))),
                "resume-it-second");
        await("the means over both halves", WAIT, () -> !readCommitted(kafka, kafka.means()).isEmpty());
        await("the TextSpan results over both halves", WAIT,
                () -> readCommitted(kafka, kafka.textSpanResults()).size() >= JobFixtures.H);
        await("all outputs", WAIT, () -> committedOutputs(kafka) >= images.size());
        RestoredCheckpointStats restored = cluster.getExecutionGraph(second.getJobID()).get()
                .getCheckpointStatsSnapshot().getLatestRestoredCheckpoint();
        assertNotNull(restored, "the second run restored a savepoint");
        assertTrue(restored.getProperties().isSavepoint(), "restored from a savepoint");
        assertEquals(Path.of(URI.create(savepoint)), Path.of(URI.create(restored.getExternalPath())));
        KafkaJobFixtures.assertRocksDbExactlyOnce(cluster.getExecutionGraph(second.getJobID()).get());
        // a checkpoint more, so that anything duplicated would have been committed by now
        long checkpoints = completedCheckpoints(cluster, second);
        await("another checkpoint", WAIT, () -> completedCheckpoints(cluster, second) > checkpoints);
        second.cancel().get(60, TimeUnit.SECONDS);
        await("the second run to stop", WAIT, () -> status(second) == JobStatus.CANCELED);

        List<io.clipdecomp.schemas.ImageDecomposition> decompositions = readCommitted(kafka, kafka.decompositions());
        List<DeadLetter> deadLetters = readCommitted(kafka, kafka.deadLetters());
        List<ComponentMeans> means = readCommitted(kafka, kafka.means());
        assertEquals(images.size(), decompositions.size() + deadLetters.size(), "one output per image");
        Set<String> ids = new TreeSet<>();
        for (io.clipdecomp.schemas.ImageDecomposition d : decompositions) {
            assertTrue(ids.add(d.getId()), "duplicate decomposition " + d.getId());
            assertEquals(images.get((int) d.getIndex()).getId(), d.getId());
            JobFixtures.assertSameTerms(expected.get(d.getId()), d);
        }
        assertEquals(expected.keySet(), ids, "decomposed ids");
        Set<String> rejected = new TreeSet<>();
        for (DeadLetter letter : deadLetters) {
            assertTrue(rejected.add(letter.getRecordId()), "duplicate dead letter " + letter.getRecordId());
            assertEquals(DeadLetters.DECODE, letter.getStage());
        }
        assertEquals(corrupt, rejected, "dead-lettered ids");
        assertEquals(1, means.size(), "one emission of the means");
        assertFalse(means.get(0).getIsFinal(), "an unbounded run has no end of input");
        JobFixtures.assertMeans(decompositions, means.get(0));

        // the last layer's moments over both halves: the picks TextSpan makes from all ten images
        List<TextSpanResult> spans = readCommitted(kafka, kafka.textSpanResults());
        assertEquals(JobFixtures.H, spans.size(), "one result per head of the last layer");
        try (NDManager manager = NDManager.newBaseManager()) {
            for (TextSpanResult span : spans) {
                assertEquals(GOOD, span.getImages());
                HeadMoments all = new HeadMoments(JobFixtures.D);
                for (io.clipdecomp.schemas.ImageDecomposition d : decompositions) {
                    all.addRows(manager, FloatTensors.unpack(d.getHeads()),
                            ((JobFixtures.L - 1) * JobFixtures.H + span.getHead()) * JobFixtures.D, 1, JobFixtures.D);
                }
                HeadTextSpan want = new TextSpanSelector(texts, 3, 6).select(JobFixtures.L - 1, span.getHead(), all);
                assertEquals(Arrays.stream(want.indices()).boxed().toList(), span.getIndices(),
                        "head " + span.getHead() + " picks from both halves");
            }
        }
    }

    private static float[][] randomTexts(int count) {
        SplittableRandom r = new SplittableRandom(5);
        float[][] texts = new float[count][JobFixtures.D];
        for (float[] t : texts) {
            for (int j = 0; j < t.length; j++) {
                t[j] = (float) r.nextGaussian();
            }
        }
        return texts;
    }

    private static Path textFile(Path dir, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            lines.add("text " + m);
        }
        return Files.write(dir.resolve("words.txt"), lines);
    }

    private static Path embeddingFile(Path dir, float[][] texts) throws IOException {
        Path file = dir.resolve("words_tiny.npy");
        NpyWriter.writeRows(file, texts);
        return file;
    }

    private static StreamExecutionEnvironment environment(Path checkpoints, Path restoreFrom) {
        return StreamingEnvironments.create(
                StreamingEnvironments.configuration(checkpoints, Duration.ofMillis(300), restoreFrom), 2);
    }

    private static long completedCheckpoints(MiniCluster cluster, JobClient job) {
        return cluster.getExecutionGraph(job.getJobID()).join().getCheckpointStatsSnapshot().getCounts()
                .getNumberOfCompletedCheckpoints();
    }

    private static JobStatus status(JobClient job) {
        return job.getJobStatus().join();
    }
}
