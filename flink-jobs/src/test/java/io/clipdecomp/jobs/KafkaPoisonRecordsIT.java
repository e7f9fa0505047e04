package io.clipdecomp.jobs;

import static io.clipdecomp.jobs.KafkaJobFixtures.readCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that are not ImageRecords, among good images on the images topic: each becomes a dead letter of stage
 * deserialize naming its topic, partition and offset, every good image is decomposed, and the job never fails.
 */
class KafkaPoisonRecordsIT {
    private static final int GOOD = 6;

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

    /** Poison values by name: what a confused or hostile producer might put on the images topic. */
    private static Map<String, byte[]> poison(AvroSerializationSchema<ImageRecord> images) throws Exception {
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("16 bytes of text", "not avro at all!".getBytes(StandardCharsets.US_ASCII));
        values.put("empty", new byte[0]);
        values.put("null (tombstone)", null);
        AvroSerializationSchema<DeadLetter> letters = AvroSerializationSchema.forSpecific(DeadLetter.class);
        letters.open(null);
        values.put("a DeadLetter", letters.serialize(DeadLetters.of("img-x", 3, "s", DeadLetters.DECODE, "r", 5, 1)));
        values.put("an ImageRecord with an empty id", images.serialize(
                JobFixtures.pngRecord("", 99, "stream", 0, JobFixtures.shapePng(51, 99))));
        values.put("14 bytes claiming 2^31 labels", labelBomb());
        return values;
    }

    @Test
    void poisonValuesAreDeadLettersWithTheirOffsetsAndTheJobFinishesNormally(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path checkpoints) throws Exception {
        KafkaEndpoints kafka = KafkaJobFixtures.endpoints(broker.bootstrapServers(), "it-poison", true);
        AvroSerializationSchema<ImageRecord> images = kafka.images().valueSerializationSchema();
        images.open(null);
        Map<String, ImageDecomposition> expected = new HashMap<>();
        Map<String, String> poisonAt = new TreeMap<>(); // topic-partition@offset -> which poison
        int sent = 0;
        try (JobFixtures.Reference reference = new JobFixtures.Reference(model);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Map.Entry<String, byte[]>> poisons = List.copyOf(poison(images).entrySet());
            assertTrue(poisons.size() <= GOOD, "a good image after each poison value");
            // good and poison records alternate over both partitions; a good image comes after the last poison
            for (int i = 0; i < GOOD; i++) {
                byte[] png = JobFixtures.shapePng(53, i);
                ImageRecord image = JobFixtures.pngRecord("img-" + i, i, "stream", i % 3, png);
                expected.put(image.getId(), reference.decompose(JobFixtures.pixels(png)));
                send(producer, kafka.images().name(), i % 2, image.getId(), images.serialize(image));
                sent++;
                if (i < poisons.size()) {
                    Map.Entry<String, byte[]> p = poisons.get(i);
                    RecordMetadata at = send(producer, kafka.images().name(), (i + 1) % 2, "poison-" + i, p.getValue());
                    poisonAt.put(DeadLetters.kafkaRecordId(at.topic(), at.partition(), at.offset()), p.getKey());
                    sent++;
                }
            }
        }

        JobClient job = kafka.job(JobFixtures.jobSettings(model, 3, 100)).start(StreamingEnvironments.create(
                StreamingEnvironments.configuration(checkpoints, Duration.ofMillis(300), null), 2), "poison-it");
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        AccessExecutionGraph graph = cluster.getArchivedExecutionGraph(job.getJobID()).get();
        assertEquals(JobStatus.FINISHED, graph.getState(), "job state");
        assertNull(graph.getFailureInfo(), "no task ever failed (a throwing deserializer fails and restarts it)");

        List<io.clipdecomp.schemas.ImageDecomposition> decompositions = readCommitted(kafka, kafka.decompositions());
        List<DeadLetter> deadLetters = readCommitted(kafka, kafka.deadLetters());
        assertEquals(sent, decompositions.size() + deadLetters.size(), "decomposed + dead-lettered = consumed");
        TreeSet<String> ids = new TreeSet<>();
        for (io.clipdecomp.schemas.ImageDecomposition d : decompositions) {
            assertTrue(ids.add(d.getId()), "duplicate decomposition " + d.getId());
            JobFixtures.assertSameTerms(expected.get(d.getId()), d);
        }
        assertEquals(new TreeSet<>(expected.keySet()), ids, "every good image decomposed");
        Map<String, String> lettered = new TreeMap<>();
        for (DeadLetter letter : deadLetters) {
            String at = DeadLetters.kafkaRecordId(letter.getTopic(), letter.getPartition(), letter.getOffset());
            String what = poisonAt.get(at);
            assertEquals(DeadLetters.DESERIALIZE, letter.getStage(), what + ": " + letter);
            assertEquals(at, letter.getRecordId(), what);
            assertTrue(letter.getReason().startsWith("value at " + at + " "), letter.getReason());
            assertNull(lettered.put(at, what), "duplicate dead letter for " + at);
        }
        assertEquals(poisonAt, lettered, "every poison value dead-lettered at its own offset");
    }

    private static Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>(RecordSizePolicy.DEFAULT.producerProperties());
        props.put("bootstrap.servers", broker.bootstrapServers());
        return props;
    }

    private static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, String key,
                                       byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value))
                .get(30, TimeUnit.SECONDS);
    }

    /** id, source, empty bytes, format, then a label list said to hold 2^31 - 9 longs, and nothing more. */
    private static byte[] labelBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        e.writeString("bomb");
        e.writeString("s");
        e.writeBytes(new byte[0]);
        e.writeString("png");
        e.writeArrayStart();
        e.setItemCount(Integer.MAX_VALUE - 8);
        e.flush();
        return out.toByteArray();
    }
}
