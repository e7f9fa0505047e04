package io.clipdecomp.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.formats.avro.AvroDeserializationSchema;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerIT {

    private static EmbeddedKafkaBroker broker;
    private static TopicAdmin topics;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        topics = new TopicAdmin(broker.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        topics.close();
        broker.close();
    }

    @Test
    void servesOnLoopbackOnly() throws Exception {
        assertEquals("127.0.0.1:" + broker.port(), broker.bootstrapServers());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertEquals(1, nodes.size());
            Node node = nodes.iterator().next();
            assertEquals("127.0.0.1", node.host());
            assertEquals(broker.port(), node.port());
        }
    }

    @Test
    void createsTopicsIdempotentlyWithTheSizeLimit() {
        Topic<ImageRecord> topic = Topics.IMAGES.withName("it.created-twice");
        assertTrue(topics.ensureTopic(topic, 3));
        assertFalse(topics.ensureTopic(topic, 3));
        assertEquals(3, topics.partitionCount(topic.name()));
        assertEquals(Integer.toString(8 * 1024 * 1024 + 64 * 1024), topics.topicConfig(topic.name(), "max.message.bytes"));
    }

    @Test
    void raisesTheLimitOfATopicThatExistedWithASmallerOne() throws Exception {
        String name = "it.pre-existing";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "100000")))).all().get();
        }
        assertFalse(topics.ensureTopic(Topics.IMAGES.withName(name), 1));
        assertEquals(Integer.toString(RecordSizePolicy.DEFAULT.maxMessageBytes()), topics.topicConfig(name, "max.message.bytes"));
    }

    @Test
    void carriesARecordLargerThanKafkasDefaultMegabyte() throws Exception {
        Topic<ImageRecord> topic = Topics.IMAGES.withName("it.large");
        topics.ensureTopic(topic, 1);
        byte[] pixels = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(pixels);
        ImageRecord big = ImageRecord.newBuilder().setId("big").setSource("it").setBytes(ByteBuffer.wrap(pixels))
                .setFormat("f32-chw").setEventTime(Instant.ofEpochMilli(42)).setIndex(0).build();
        assertTrue(RecordSizePolicy.DEFAULT.admits(big));

        AvroSerializationSchema<ImageRecord> ser = topic.valueSerializationSchema();
        ser.open(null);
        Map<String, Object> producerProps = new HashMap<>(RecordSizePolicy.DEFAULT.producerProperties());
        producerProps.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), "big".getBytes(), ser.serialize(big))).get();
        }

        AvroDeserializationSchema<ImageRecord> de = topic.valueDeserializationSchema();
        de.open(null);
        List<ImageRecord> read = new ArrayList<>();
        Map<String, Object> consumerProps = new HashMap<>(RecordSizePolicy.DEFAULT.consumerProperties());
        consumerProps.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(de.deserialize(r.value()));
                }
            }
        }
        assertEquals(List.of(big), read);
    }

    @Test
    void aRecordTheBrokerRefusesIsNamedWhenTheProducerFlushes() {
        // the topic takes 2 KiB records (plus framing headroom); the producer's own policy would send up to 8 MiB
        Topic<ImageRecord> small = Topics.IMAGES.withName("it-small-images");
        topics.ensureTopic(small, 1, (short) 1, RecordSizePolicy.ofMaxRecordBytes(2048));
        byte[] noise = new byte[256 * 1024];
        new Random(3).nextBytes(noise); // incompressible, so it stays over the topic's limit
        ImageRecord big = ImageRecord.newBuilder().setId("too-big").setSource("it").setFormat("png")
                .setBytes(ByteBuffer.wrap(noise)).setEventTime(Instant.EPOCH).build();
        try (TopicProducer<ImageRecord> producer = new TopicProducer<>(broker.bootstrapServers(), small,
                RecordSizePolicy.DEFAULT)) {
            assertEquals(null, producer.send(big), "the producer's policy lets it go");
            IllegalStateException e = assertThrows(IllegalStateException.class, producer::flush);
            assertTrue(e.getMessage().startsWith("1 record(s) to it-small-images were not delivered; the first, "
                    + "record too-big: "), e.getMessage());
        }
    }
}
