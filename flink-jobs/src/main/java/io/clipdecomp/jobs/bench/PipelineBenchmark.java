package io.clipdecomp.jobs.bench;

import io.clipdecomp.connectors.dataset.DatasetRecords;
import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.connectors.kafka.TopicReader;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.KafkaEndpoints;
import io.clipdecomp.jobs.StreamingEnvironments;
import io.clipdecomp.jobs.operators.DecomposeSettings;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Images per second through the whole streaming pipeline: preprocessed images on a Kafka topic, the
 * decomposition job (one subtask, RocksDB state, exactly-once sinks, checkpoints every second), decompositions
 * committed on the output topic. After a warm-up run (class loading, JIT), runs {@code n} then {@code 2n}
 * images and divides the extra images by the extra time, so the fixed start-up of job and model cancels out.
 */
public final class PipelineBenchmark {
    private final ModelFolder model;
    private final int batchSize;
    private final int threads;
    private final Consumer<String> log;

    public PipelineBenchmark(ModelFolder model, int batchSize, int threads, Consumer<String> log) {
        this.model = model;
        this.batchSize = batchSize;
        this.threads = threads;
        this.log = log;
    }

    /** Steady-state images per second over {@code n} extra images. */
    public double run(int n, Path work) throws Exception {
        int size = model.config().vision().imageSize();
        int pixels = 3 * size * size;
        RecordSizePolicy policy = RecordSizePolicy.ofMaxRecordBytes(Math.max(RecordSizePolicy.DEFAULT_MAX_RECORD_BYTES,
                pixels * 4 + 4096));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().optLogDir(work.resolve("kafka"))
                .optRecordSizePolicy(policy).start()) {
            timeRun(broker, policy, batchSize, pixels, work, "warm-up");
            double small = timeRun(broker, policy, n, pixels, work, "n");
            double large = timeRun(broker, policy, 2 * n, pixels, work, "2n");
            double rate = n / (large - small);
            log.accept(String.format("pipeline: %d images in %.1f s, %d in %.1f s: %.2f images/s", n, small, 2 * n,
                    large, rate));
            return rate;
        }
    }

    /** Seconds from job start to all {@code count} decompositions committed. */
    private double timeRun(EmbeddedKafkaBroker broker, RecordSizePolicy policy, int count, int pixels, Path work,
                           String run) throws Exception {
        KafkaEndpoints kafka = new KafkaEndpoints(broker.bootstrapServers(), Topics.IMAGES.withName("bench-images-" + run),
                Topics.DECOMPOSITIONS.withName("bench-decompositions-" + run),
                Topics.COMPONENT_MEANS.withName("bench-means-" + run), Topics.DEAD_LETTERS.withName("bench-dead-" + run),
                "bench-" + run, "bench-" + run, true, policy);
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            for (Topic<?> topic : kafka.topics()) {
                admin.ensureTopic(topic, 1, (short) 1, policy);
            }
        }
        try (ImagePublisher publisher = new ImagePublisher(broker.bootstrapServers(), kafka.images(),
                kafka.deadLetters(), policy)) {
            for (int i = 0; i < count; i++) {
                publisher.publish(randomImage(i, pixels));
            }
            publisher.flush();
        }
        DecompositionJob.Settings settings = new DecompositionJob.Settings(
                new DecomposeSettings(model.dir().toString(), "bench", "cpu", threads, batchSize, 200, false, null),
                new ClipImagePreprocessor(model.config().vision().imageSize(), model.config().preprocess().mean(),
                        model.config().preprocess().std()),
                false, Long.MAX_VALUE);
        Path checkpoints = Files.createDirectories(work.resolve("flink-" + run));
        long start = System.nanoTime();
        kafka.job(settings).start(StreamingEnvironments.create(StreamingEnvironments.configuration(checkpoints,
                Duration.ofSeconds(1), null), 1), "clipdecomp bench " + run).getJobExecutionResult().get();
        double seconds = (System.nanoTime() - start) / 1e9;
        try (TopicReader<ImageDecomposition> reader = new TopicReader<>(broker.bootstrapServers(),
                kafka.decompositions(), policy)) {
            List<ImageDecomposition> out = reader.readAll();
            if (out.size() != count) {
                throw new IllegalStateException("pipeline run " + run + " decomposed " + out.size() + " of " + count);
            }
        }
        return seconds;
    }

    private static ImageRecord randomImage(int index, int pixels) {
        ByteBuffer bytes = ByteBuffer.allocate(pixels * 4).order(ByteOrder.LITTLE_ENDIAN);
        java.util.SplittableRandom r = new java.util.SplittableRandom(index);
        for (int i = 0; i < pixels; i++) {
            bytes.putFloat((float) (r.nextDouble() * 4 - 2));
        }
        bytes.flip();
        return ImageRecord.newBuilder().setId("bench-" + index).setSource("bench").setBytes(bytes)
                .setFormat(DatasetRecords.PIXELS_FORMAT).setEventTime(Instant.now()).setIndex(index).build();
    }
}
