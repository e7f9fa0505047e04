package io.clipdecomp.jobs;

import static io.clipdecomp.jobs.KafkaJobFixtures.readCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
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
 * The streaming job between Kafka topics on the in-process broker, MiniCluster parallelism 2, RocksDB and
 * exactly-once sinks, bounded input: every image comes out once, as the core's decomposition or a dead letter.
 */
class KafkaDecompositionJobIT {
    private static final int GOOD = 8;
    private static final Set<String> CORRUPT = Set.of("bad-3", "bad-9");

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
    void everyImageComesOutExactlyOnceAndTheFinalMeansCoverAllDecompositions(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path checkpoints) throws Exception {
        List<ImageRecord> images = new ArrayList<>();
        Map<String, ImageDecomposition> expected = new HashMap<>();
        try (JobFixtures.Reference reference = new JobFixtures.Reference(model)) {
            int good = 0;
            for (int index = 0; index < GOOD + CORRUPT.size(); index++) {
                if (CORRUPT.contains("bad-" + index)) {
                    images.add(JobFixtures.corruptRecord("bad-" + index, index, "stream"));
                } else {
                    byte[] png = JobFixtures.shapePng(31, good++);
                    images.add(JobFixtures.pngRecord("img-" + index, index, "stream", index % 3, png));
                    expected.put("img-" + index, reference.decompose(JobFixtures.pixels(png)));
                }
            }
        }
        KafkaEndpoints kafka = KafkaJobFixtures.endpoints(broker.bootstrapServers(), "it-bounded", true);
        KafkaJobFixtures.publish(kafka, images);

        StreamExecutionEnvironment env = StreamingEnvironments.create(
                StreamingEnvironments.configuration(checkpoints, Duration.ofMillis(300), null), 2);
        JobClient job = kafka.job(JobFixtures.jobSettings(model, 3, 3)).start(env, "kafka-decomposition-it");
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        KafkaJobFixtures.assertRocksDbExactlyOnce(cluster.getArchivedExecutionGraph(job.getJobID()).get());

        List<io.clipdecomp.schemas.ImageDecomposition> decompositions = readCommitted(kafka, kafka.decompositions());
        List<DeadLetter> deadLetters = readCommitted(kafka, kafka.deadLetters());
        List<ComponentMeans> means = readCommitted(kafka, kafka.means());
        assertEquals(images.size(), decompositions.size() + deadLetters.size(), "one output per image");
        Set<String> ids = new TreeSet<>();
        for (io.clipdecomp.schemas.ImageDecomposition d : decompositions) {
            assertTrue(ids.add(d.getId()), "duplicate decomposition " + d.getId());
            ImageRecord in = images.get((int) d.getIndex());
            assertEquals(in.getId(), d.getId());
            assertEquals(in.getLabel(), d.getLabel());
            assertEquals("stream", d.getDataset());
            assertEquals("tiny", d.getModel());
            assertEquals(in.getEventTime(), d.getEventTime());
            assertNull(d.getTokenTerms(), "per-token terms never travel through Kafka");
            JobFixtures.assertSameTerms(expected.get(d.getId()), d);
        }
        assertEquals(expected.keySet(), ids, "decomposed ids");
        Set<String> rejected = new TreeSet<>();
        for (DeadLetter letter : deadLetters) {
            assertTrue(rejected.add(letter.getRecordId()), "duplicate dead letter " + letter.getRecordId());
            assertEquals(DeadLetters.DECODE, letter.getStage());
        }
        assertEquals(CORRUPT, rejected, "dead-lettered ids");

        // the subtasks' partial sums arrive at checkpoints: an emission each time the count passes a multiple of 3
        // (at most twice below 8), then the final one over all 8 at the end of the bounded input
        List<ComponentMeans> intermediate = means.stream().filter(m -> !m.getIsFinal()).toList();
        assertTrue(intermediate.size() >= 1 && intermediate.size() <= 2, "means: " + means);
        for (int i = 0; i < intermediate.size(); i++) {
            assertTrue(intermediate.get(i).getCount() >= 3L * (i + 1), "means: " + means);
        }
        assertEquals(1, means.stream().filter(ComponentMeans::getIsFinal).count(), "one final emission");
        ComponentMeans last = means.stream().filter(ComponentMeans::getIsFinal).findFirst().orElseThrow();
        assertEquals(GOOD, last.getCount());
        JobFixtures.assertMeans(decompositions, last);
    }
}
