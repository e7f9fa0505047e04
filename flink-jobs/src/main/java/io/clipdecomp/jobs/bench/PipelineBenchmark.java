package io.clipdecomp.jobs.bench;

import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.connectors.kafka.TopicReader;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.core.bench.MeasuredRate;
import io.clipdecomp.core.data.PixelsCodec;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.KafkaEndpoints;
import io.clipdecomp.jobs.StreamingEnvironments;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;

/**
 * Images per second through the whole streaming pipeline: preprocessed images on a Kafka topic, the
 * decomposition job (one subtask, RocksDB state, exactly-once sinks, checkpoints every 10 s as in
 * {@code stream}), decompositions written to the output topic. The rate is taken between the first batch's
 * arrival on the output topic and the last image's, watched with {@code read_uncommitted}, so neither the
 * job's and model's start-up nor the wait for the final checkpoint's commit counts; the run then checks that
 * every image was committed exactly once.
 */
public final class PipelineBenchmark {
    /** A gap between arrivals this long separates two batches. */
    private static final long PAUSE_NANOS = 50_000_000L;

    private final DecompositionJob.Settings settings;
    private final Consumer<String> log;

    /** A benchmark of the job with {@code settings}, run with one decomposition subtask. */
    public PipelineBenchmark(DecompositionJob.Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    /** The fewest images that give a pipeline figure: the first batch is not timed, the others must be steady. */
    public static int fewestImages(int batchSize) {
        return MeasuredRate.STEADY_BATCHES * batchSize;
    }

    /** Steady-state images per second over {@code n} images, after the first batch. */
    public double run(int n, Path work) throws Exception {
        int size = ModelFolder.open(Path.of(settings.decompose().modelDir())).config().vision().imageSize();
        int pixels = 3 * size * size;
        RecordSizePolicy policy = RecordSizePolicy.ofMaxRecordBytes(Math.max(RecordSizePolicy.DEFAULT_MAX_RECORD_BYTES,
                pixels * 4 + 4096));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().optLogDir(work.resolve("kafka"))
                .optRecordSizePolicy(policy).start()) {
            KafkaEndpoints kafka = new KafkaEndpoints(broker.bootstrapServers(), Topics.IMAGES.withName("bench-images"),
                    Topics.DECOMPOSITIONS.withName("bench-decompositions"),
                    Topics.COMPONENT_MEANS.withName("bench-means"), Topics.TEXTSPAN_RESULTS.withName("bench-textspan"),
                    Topics.ABLATION_REPORTS.withName("bench-ablation"),
                    Topics.SPURIOUS_REPORTS.withName("bench-spurious"),
                    Topics.SEGMENTATION_RESULTS.withName("bench-segmentation"), Topics.DEAD_LETTERS.withName("bench-dead"),
                    "bench", "bench", true, policy, Map.of());
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                for (Topic<?> topic : kafka.topics()) {
                    admin.ensureTopic(topic, 1, (short) 1, policy);
                }
            }
            try (ImagePublisher publisher = new ImagePublisher(broker.bootstrapServers(), kafka.images(),
                    kafka.deadLetters(), policy)) {
                for (int i = 0; i < n; i++) {
                    publisher.publish(randomImage(i, pixels));
                }
                publisher.flush();
            }
            log.accept("pipeline: " + settings.summary() + ", 1 subtask");
            Path checkpoints = Files.createDirectories(work.resolve("flink"));
            JobClient job = kafka.job(settings).start(StreamingEnvironments.create(StreamingEnvironments.configuration(
                    checkpoints, Duration.ofSeconds(10), null), 1), "clipdecomp bench");
            double rate = watch(broker, kafka, policy, job, n);
            job.getJobExecutionResult().get();
            try (TopicReader<ImageDecomposition> reader = new TopicReader<>(broker.bootstrapServers(),
                    kafka.decompositions(), policy)) {
                long distinct = reader.readAll().stream().map(ImageDecomposition::getId).distinct().count();
                if (distinct != n) {
                    throw new IllegalStateException("pipeline committed " + distinct + " of " + n + " images");
                }
            }
            return rate;
        }
    }

    /** Watches the output topic as records are written and returns the rate after the first batch. */
    private double watch(EmbeddedKafkaBroker broker, KafkaEndpoints kafka, RecordSizePolicy policy, JobClient job,
                         int n) throws Exception {
        try (TopicReader<ImageDecomposition> watcher = TopicReader.uncommitted(broker.bootstrapServers(),
                kafka.decompositions(), policy)) {
            List<long[]> arrivals = new ArrayList<>(); // {nanoTime, records} per poll that returned some
            int seen = 0;
            while (seen < n) {
                int arrived = watcher.poll(Duration.ofMillis(20)).size();
                if (arrived > 0) {
                    arrivals.add(new long[] {System.nanoTime(), arrived});
                    seen += arrived;
                } else if (job.getJobExecutionResult().isDone()) {
                    job.getJobExecutionResult().get(); // a failed job throws its cause here
                    throw new IllegalStateException("pipeline job ended after writing " + seen + " of " + n);
                }
            }
            // the first batch may reach the topic over several polls a few ms apart: it ends at the first pause
            int firstBatch = (int) arrivals.get(0)[1];
            int i = 1;
            while (i < arrivals.size() && arrivals.get(i)[0] - arrivals.get(i - 1)[0] < PAUSE_NANOS) {
                firstBatch += (int) arrivals.get(i++)[1];
            }
            if (i == arrivals.size()) {
                firstBatch = (int) arrivals.get(0)[1]; // a fast model streams without pauses
            }
            double seconds = (arrivals.get(arrivals.size() - 1)[0] - arrivals.get(0)[0]) / 1e9;
            if (seen <= firstBatch || seconds <= 0) {
                throw new IllegalStateException("all " + n + " images came out at once: raise --pipeline-images");
            }
            double rate = (seen - firstBatch) / seconds;
            log.accept(String.format("pipeline: %d images; after the first %d, %d in %.1f s: %.2f images/s", n,
                    firstBatch, seen - firstBatch, seconds, rate));
            return rate;
        }
    }

    private static ImageRecord randomImage(int index, int pixels) {
        float[] chw = new float[pixels];
        SplittableRandom r = new SplittableRandom(index);
        for (int i = 0; i < pixels; i++) {
            chw[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return ImageRecord.newBuilder().setId("bench-" + index).setSource("bench").setBytes(PixelsCodec.encode(chw))
                .setFormat(PixelsCodec.FORMAT).setEventTime(Instant.now()).setIndex(index).build();
    }
}
