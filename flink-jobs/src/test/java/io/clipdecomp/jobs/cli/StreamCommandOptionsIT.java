package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.OptionCases.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicReader;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.KafkaEndpoints;
import io.clipdecomp.jobs.operators.AnalysisSettings;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.ImageDecomposition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of {@code stream} takes effect or is refused: a bounded run against an in-process broker shows the
 * connection, topics and checkpointing in what it writes and prints; the Kafka endpoints and the job's settings
 * made from the rest are checked as the command makes them; the combinations that make no sense are refused.
 */
@Timeout(300)
class StreamCommandOptionsIT {
    private static final int IMAGES = 3;

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static Path model;

    @BeforeAll
    static void brokerAndModel() throws IOException {
        broker = EmbeddedKafkaBroker.builder().optLogDir(dir.resolve("kafka")).start();
        model = CliFixtures.model(dir.resolve("tiny"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static String[] base(String... flags) {
        return OptionCases.with(new String[] {"--bootstrap-servers", broker.bootstrapServers(), "--model-dir",
            model.toString(), "--checkpoint-dir", dir.resolve("unused").toString()}, flags);
    }

    private static StreamCommand command(String... flags) {
        return parsed(new StreamCommand(), base(flags));
    }

    private static DecompositionJob.Settings settings(String... flags) throws IOException {
        return command(flags).settings(ModelFolder.open(model), false);
    }

    private static <V extends SpecificRecord> List<V> read(Topic<V> topic) {
        try (TopicReader<V> reader = new TopicReader<>(broker.bootstrapServers(), topic, RecordSizePolicy.DEFAULT)) {
            return reader.readAll();
        }
    }

    @TestFactory
    List<DynamicTest> everyOptionTakesEffectOrIsRefused() {
        return new OptionCases("stream")
                .add("a bounded run", StreamCommandOptionsIT::aBoundedRun, "--bootstrap-servers", "--model-dir",
                        "--model-name", "--images-topic", "--decompositions-topic", "--means-topic",
                        "--dead-letters-topic", "--bounded", "--fresh", "--checkpoint-dir", "--checkpoint-interval",
                        "--batch-size", "--threads")
                .add("endpoints", StreamCommandOptionsIT::endpoints, "--group-id", "--transactional-id-prefix",
                        "--textspan-topic", "--ablation-topic", "--spurious-topic", "--segmentation-topic",
                        "--max-record-bytes", "--kafka-property", "--kafka-properties")
                .add("settings", () -> {
                    DecompositionJob.Settings s = settings("--flush-ms", "37", "--max-image-bytes", "123456",
                            "--max-image-pixels", "5000", "--decode-budget-bytes", "2000000", "--strict-pixels",
                            "--means-every", "4");
                    assertEquals(37, s.decompose().flushMillis());
                    assertEquals(4, s.meansEvery());
                    assertEquals(new ImageLimits(123456, 5000, 2000000), s.limits());
                    assertTrue(s.preprocessor().strictPixels(), "--strict-pixels reaches the tasks' preprocessing");
                    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                            settings("--parallelism", "2").decompose().intraOpThreads(), "cores shared by 2 subtasks");
                    assertEquals(0, command("--parallelism", "2").settings(ModelFolder.open(model), true).decompose()
                            .intraOpThreads(), "on a cluster each TaskManager shares its own cores");
                    OptionCases.assertRefused("--parallelism must be 1 or more, got 0", OptionCases.with(
                            new String[] {"stream"}, base("--parallelism", "0")));
                }, "--flush-ms", "--max-image-bytes", "--max-image-pixels", "--decode-budget-bytes", "--strict-pixels",
                        "--means-every", "--parallelism")
                .add("device", () -> OptionCases.assertDevice(() -> settings("--device", "gpu").decompose().device()),
                        "--device")
                .add("analyses", StreamCommandOptionsIT::analyses, "--text-set", "--text-embeddings", "--texts-per-head",
                        "--num-of-last-layers", "--w-ov-rank", "--textspan-every", "--classifier", "--spurious-heads",
                        "--segment")
                .add("connect timeout", () -> OptionCases.assertRefused("cannot reach Kafka at 127.0.0.1:9 within 2 s",
                        "stream", "--bootstrap-servers", "127.0.0.1:9", "--model-dir", model.toString(),
                        "--checkpoint-dir", dir.resolve("unreached").toString(), "--connect-timeout", "2s"),
                        "--connect-timeout")
                .add("metrics port", () -> {
                    Path d = dir.resolve("metrics");
                    Configuration conf = command("--metrics-port", "9251").localConfiguration(d, Duration.ofSeconds(1),
                            null);
                    assertEquals("9251", conf.toMap().get("metrics.reporter.prom.port"), "the reporter's port");
                    assertEquals(PrometheusReporterFactory.class.getName(),
                            conf.toMap().get("metrics.reporter.prom.factory.class"));
                    assertFalse(command().localConfiguration(d, Duration.ofSeconds(1), null).toMap().keySet().stream()
                            .anyMatch(k -> k.startsWith("metrics.reporter.")), "no reporter unless asked for");
                    OptionCases.assertRefused("--metrics-port must be 1 to 65535, got 0", OptionCases.with(
                            new String[] {"stream"}, base("--metrics-port", "0")));
                }, "--metrics-port")
                .add("savepoint", () -> {
                    Path missing = dir.resolve("no-such-savepoint");
                    CliFixtures.Run r = OptionCases.assertRefused("", OptionCases.with(new String[] {"stream"},
                            base("--images-topic", "savepoint.images", "--from-savepoint", missing.toString())));
                    assertTrue(r.err().contains("stream: resuming from " + missing + " (--from-savepoint)"), r.err());
                    assertTrue(r.err().contains(missing.toString()), "the failure names the savepoint: " + r.err());
                    OptionCases.assertRefused("give one of them, not both", OptionCases.with(new String[] {"stream"},
                            base("--fresh", "--from-savepoint", missing.toString())));
                }, "--from-savepoint")
                .tests();
    }

    /** Images produced to a topic of its own, streamed to the others until the topic's end. */
    private static void aBoundedRun() throws IOException {
        String[] connection = {"--bootstrap-servers", broker.bootstrapServers(), "--images-topic", "run.images"};
        CliFixtures.run(OptionCases.with(new String[] {"produce", "--dataset", "shapes", "--count",
            Integer.toString(IMAGES)}, connection)).ok();
        Path checkpoints = dir.resolve("run-checkpoints");
        CliFixtures.Run r = CliFixtures.run(OptionCases.with(new String[] {"stream", "--model-dir", model.toString(),
            "--model-name", "named", "--decompositions-topic", "run.decompositions", "--means-topic", "run.means",
            "--dead-letters-topic", "run.dead-letters", "--bounded", "--fresh", "--checkpoint-dir",
            checkpoints.toString(), "--checkpoint-interval", "700ms", "--batch-size", "2", "--threads", "1",
            }, connection)).ok();
        assertTrue(r.out().contains("stream: consumed " + IMAGES + " records: decomposed " + IMAGES
                + ", dead-lettered 0"), "--bounded ends the run at the topic's end: " + r.out());
        assertTrue(r.err().contains("stream: model named on cpu, batches of 2 flushed after 200 ms, 1 intra-op "
                + "thread(s) per subtask, 1 subtask(s), a checkpoint every 700 ms"), r.err());
        assertTrue(r.err().contains("stream: starting over (--fresh) with empty state, run.images from its "
                + "beginning; the checkpoints in " + checkpoints.toAbsolutePath()), r.err());
        assertTrue(Files.isDirectory(checkpoints), "the job's state lives in --checkpoint-dir");
        List<ImageDecomposition> decompositions = read(Topics.DECOMPOSITIONS.withName("run.decompositions"));
        assertEquals(IMAGES, decompositions.size());
        decompositions.forEach(d -> assertEquals("named", d.getModel()));
        List<ComponentMeans> means = read(Topics.COMPONENT_MEANS.withName("run.means"));
        assertEquals(IMAGES, means.stream().mapToLong(ComponentMeans::getCount).max().orElse(0), "means at the end");
        assertEquals(List.of(), read(Topics.DEAD_LETTERS.withName("run.dead-letters")));
    }

    private static void endpoints() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), "client.id=from-file\nlinger.ms=5\n",
                StandardCharsets.UTF_8);
        String prefix = "p-" + UUID.randomUUID();
        KafkaEndpoints e = command("--group-id", "g1", "--transactional-id-prefix", prefix, "--textspan-topic", "t.ts",
                "--ablation-topic", "t.ab", "--spurious-topic", "t.sp", "--segmentation-topic", "t.seg",
                "--max-record-bytes", "2000000", "--kafka-properties", file.toString(), "--kafka-property",
                "linger.ms=7").endpoints();
        assertEquals("g1", e.groupId());
        assertEquals(prefix, e.transactionalIdPrefix());
        assertEquals(List.of("t.ts", "t.ab", "t.sp", "t.seg"), List.of(e.textSpanResults().name(),
                e.ablationReports().name(), e.spuriousReports().name(), e.segmentationResults().name()));
        assertEquals(2000000, e.sizePolicy().maxRecordBytes());
        assertEquals(Map.of("client.id", "from-file", "linger.ms", "7"), e.clientProperties(),
                "the file's settings, --kafka-property over them");
        assertFalse(command().endpoints().bounded(), "unbounded without --bounded");
    }

    private static void analyses() throws IOException {
        Path texts = Files.writeString(dir.resolve("texts.txt"), "red\ngreen\nblue\n", StandardCharsets.UTF_8);
        Path embeddings = dir.resolve("texts.npy");
        float[] rows = new float[3 * 8];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) Math.sin(i + 1);
        }
        NpyWriter.write(embeddings, rows, 3, 8);
        Path classifier = dir.resolve("classifier.npy");
        NpyWriter.write(classifier, new float[8 * 2], 8, 2);
        DecompositionJob.Settings s = settings("--text-set", texts.toString(), "--text-embeddings",
                embeddings.toString(), "--texts-per-head", "2", "--num-of-last-layers", "1", "--w-ov-rank", "3",
                "--textspan-every", "5", "--classifier", classifier.toString(), "--spurious-heads", "1.0",
                "--segment");
        AnalysisSettings.TextSpanSettings ts = s.analyses().textSpan();
        assertEquals(new AnalysisSettings.TextSpanSettings("texts", texts.toAbsolutePath().toString(),
                embeddings.toAbsolutePath().toString(), 2, 1, 3, 5), ts);
        assertEquals(classifier.toAbsolutePath().toString(), s.analyses().classifierFile());
        assertEquals(List.of(new HeadIndex(1, 0)), s.analyses().spuriousHeads());
        assertEquals(classifier.toAbsolutePath().toString(), s.decompose().segmentationClassifier());
        assertNull(settings("--classifier", classifier.toString()).decompose().segmentationClassifier(),
                "no segmentation without --segment");
        for (String option : List.of("--texts-per-head", "--num-of-last-layers", "--w-ov-rank", "--textspan-every")) {
            OptionCases.assertRefused(option + " only applies to TextSpan", OptionCases.with(new String[] {"stream"},
                    base(option, "3")));
        }
        OptionCases.assertRefused("--segment needs --classifier", OptionCases.with(new String[] {"stream"},
                base("--segment")));
        OptionCases.assertRefused("--spurious-heads needs --classifier", OptionCases.with(new String[] {"stream"},
                base("--spurious-heads", "1.0")));
        OptionCases.assertRefused("--text-set and --text-embeddings go together", OptionCases.with(
                new String[] {"stream"}, base("--text-set", texts.toString())));
    }
}
