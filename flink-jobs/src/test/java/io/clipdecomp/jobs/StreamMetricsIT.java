package io.clipdecomp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.jobs.operators.DeadLetterCount;
import io.clipdecomp.schemas.ImageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming job's operational metrics, scraped from Flink's Prometheus reporter while it runs: images
 * decomposed (their count equals the images sent), images/s, batch sizes and model time per batch, dead letters by
 * stage, and the keyed state's size in RocksDB.
 */
class StreamMetricsIT {
    private static final int GOOD = 6;
    private static final int PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(StreamingEnvironments.withPrometheus(new Configuration(), PORT))
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
    void theRunningJobExportsItsThroughputDeadLettersAndStateSize(@TempDir Path checkpoints) throws Exception {
        List<ImageRecord> images = new ArrayList<>();
        for (int index = 0; index < GOOD; index++) {
            images.add(JobFixtures.pngRecord("img-" + index, index, "metrics", index % 3,
                    JobFixtures.shapePng(5, index)));
        }
        images.add(JobFixtures.corruptRecord("bad", GOOD, "metrics"));
        KafkaEndpoints kafka = KafkaJobFixtures.endpoints(broker.bootstrapServers(), "it-metrics", false);
        KafkaJobFixtures.publish(kafka, images);
        StreamExecutionEnvironment env = StreamingEnvironments.create(
                StreamingEnvironments.configuration(checkpoints, Duration.ofMillis(300), null), 2);
        JobClient job = kafka.job(JobFixtures.jobSettings(model, 2, 3)).start(env, "stream-metrics-it");
        try {
            KafkaJobFixtures.await("every image committed", Duration.ofSeconds(120),
                    () -> KafkaJobFixtures.committedOutputs(kafka) == images.size());
            String metrics = scrape();
            assertEquals(GOOD, sum(metrics, "flink_taskmanager_job_task_operator_imagesDecomposed", ""),
                    "images decomposed, over both subtasks");
            // a key-value group adds its key to the name and its value as a label
            assertEquals(1, sum(metrics, "flink_taskmanager_job_task_operator_" + DeadLetterCount.STAGE + "_"
                            + DeadLetterCount.METRIC,
                    DeadLetterCount.STAGE + "=\"" + DeadLetters.DECODE + "\""), "dead letters of the decode stage");
            for (String name : new String[] {"imagesPerSecond", "batchSize_count", "batchMillis_count"}) {
                assertTrue(metrics.contains("flink_taskmanager_job_task_operator_" + name + "{"), name + " exported");
            }
            assertTrue(sum(metrics, "flink_taskmanager_job_task_operator_batchSize_count", "") >= GOOD / 2.0,
                    "batches of at most 2 images were timed");
            assertTrue(sum(metrics, "flink_taskmanager_job_task_operator_component_sums_rocksdb_estimate_live_data_size",
                    "") >= 0, "the running sums' state size in RocksDB");
            for (String name : grafanaMetrics()) {
                assertTrue(Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{").matcher(metrics).find(),
                        "the Grafana dashboard's " + name + " is exported");
            }
        } finally {
            job.cancel().get();
        }
    }

    /** The sum over all series of {@code name} whose labels contain {@code label}. */
    private static double sum(String metrics, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        double total = 0;
        boolean any = false;
        while (m.find()) {
            if (m.group(1).contains(label)) {
                total += Double.parseDouble(m.group(2));
                any = true;
            }
        }
        assertTrue(any, "no series " + name + " with " + label + " in:\n" + metrics);
        return total;
    }

    /** Every metric name a query of k8s/grafana's dashboard names. */
    private static Set<String> grafanaMetrics() throws IOException {
        String dashboard = Files.readString(Path.of("..", "k8s", "grafana", "clipdecomp-stream.json"));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\bflink_[A-Za-z0-9_]+").matcher(dashboard);
        while (m.find()) {
            names.add(m.group());
        }
        assertTrue(names.size() >= 6, "metrics queried: " + names);
        return names;
    }

    private static String scrape() throws IOException {
        try (InputStream in = URI.create("http://127.0.0.1:" + PORT + "/metrics").toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
