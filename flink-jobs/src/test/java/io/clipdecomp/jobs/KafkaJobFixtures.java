package io.clipdecomp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.connectors.kafka.TopicReader;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.schemas.ImageRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;

/** Topics, producing and reading back for the Kafka job ITs, on the in-process broker. */
final class KafkaJobFixtures {
    private KafkaJobFixtures() {
    }

    /** The job's topics under names of their own ({@code name.images} ...), created with 2 partitions each. */
    static KafkaEndpoints endpoints(String bootstrapServers, String name, boolean bounded) {
        KafkaEndpoints endpoints = new KafkaEndpoints(bootstrapServers, Topics.IMAGES.withName(name + ".images"),
                Topics.DECOMPOSITIONS.withName(name + ".decompositions"),
                Topics.COMPONENT_MEANS.withName(name + ".means"), Topics.TEXTSPAN_RESULTS.withName(name + ".textspan"),
                Topics.ABLATION_REPORTS.withName(name + ".ablation"),
                Topics.SPURIOUS_REPORTS.withName(name + ".spurious"),
                Topics.SEGMENTATION_RESULTS.withName(name + ".segmentation"), Topics.DEAD_LETTERS.withName(name + ".dead-letters"),
                name, name + "-" + UUID.randomUUID(), bounded, RecordSizePolicy.DEFAULT, Map.of());
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers)) {
            for (Topic<?> topic : endpoints.topics()) {
                admin.ensureTopic(topic, 2);
            }
        }
        return endpoints;
    }

    /** Publishes the images and waits until the broker has them all. */
    static void publish(KafkaEndpoints endpoints, List<ImageRecord> images) {
        try (ImagePublisher publisher = new ImagePublisher(endpoints.bootstrapServers(), endpoints.images(),
                endpoints.deadLetters(), endpoints.sizePolicy())) {
            for (ImageRecord image : images) {
                assertTrue(publisher.publish(image), "image " + image.getId() + " sent");
            }
            publisher.flush();
        }
    }

    /** Every committed record of a topic (read_committed), from the beginning. */
    static <V extends SpecificRecord> List<V> readCommitted(KafkaEndpoints endpoints, Topic<V> topic) {
        try (TopicReader<V> reader = endpoints.reader(topic)) {
            return reader.readAll();
        }
    }

    /** Number of committed decompositions and dead letters. */
    static int committedOutputs(KafkaEndpoints endpoints) {
        return readCommitted(endpoints, endpoints.decompositions()).size()
                + readCommitted(endpoints, endpoints.deadLetters()).size();
    }

    /** Polls until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out after " + timeout + " waiting for " + what);
            Thread.sleep(200);
        }
    }

    /** Asserts that the job kept its keyed state in RocksDB and checkpointed exactly once to the file system. */
    static void assertRocksDbExactlyOnce(AccessExecutionGraph graph) {
        assertEquals("EmbeddedRocksDBStateBackend", graph.getStateBackendName().orElse("none"), "state backend");
        assertEquals("FileSystemCheckpointStorage", graph.getCheckpointStorageName().orElse("none"),
                "checkpoint storage");
        assertTrue(graph.getCheckpointCoordinatorConfiguration().isExactlyOnce(), "exactly-once checkpoints");
        assertTrue(graph.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints() > 0,
                "completed checkpoints");
    }
}
