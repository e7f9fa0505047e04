package io.clipdecomp.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.schemas.FloatTensor;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.AvroDeserializationSchema;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Kafka → Flink (parallelism 2, RocksDB keyed state, checkpoints) → exactly-once Kafka, read back committed. */
class KafkaExactlyOnceIT {

    private static final int IMAGES = 60;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void everyImageArrivesExactlyOnceAsACommittedDecomposition(@TempDir Path tmp) throws Exception {
        Topic<ImageRecord> in = Topics.IMAGES.withName("it.eo.images");
        Topic<ImageDecomposition> out = Topics.DECOMPOSITIONS.withName("it.eo.decompositions");
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.ensureTopic(in, 2);
            admin.ensureTopic(out, 2);
        }
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            images.add(ImageRecord.newBuilder().setId("img-" + i).setSource("it")
                    .setBytes(ByteBuffer.wrap(new byte[] {(byte) i, (byte) (2 * i), 7}))
                    .setFormat("png").setLabel(List.of((long) (i % 5))).setEventTime(Instant.ofEpochMilli(1000L + i))
                    .setIndex(i).build());
        }
        produce(in, images);

        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, tmp.resolve("ckpt").toUri().toString());
        conf.setString("state.backend.rocksdb.localdir", tmp.resolve("rocks").toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);

        env.fromSource(TopicSourceBuilder.forTopic(in)
                                .setBootstrapServers(broker.bootstrapServers())
                                .setGroupId("it-eo")
                                .optStartingOffsets(OffsetsInitializer.earliest())
                                .optBoundedAtLatest()
                                .build(),
                        WatermarkStrategy.noWatermarks(), "images")
                // every value here is a good ImageRecord; a dead letter would be missing from the exact count below
                .filter(Either::isLeft).map(Either::left).returns(new AvroTypeInfo<>(ImageRecord.class))
                .keyBy(ImageRecord::getId, Types.STRING)
                .process(new FakeDecomposition())
                .sinkTo(TopicSinkBuilder.forTopic(out)
                        .setBootstrapServers(broker.bootstrapServers())
                        .setTransactionalIdPrefix("it-eo-" + UUID.randomUUID())
                        .build());
        env.execute("kafka-exactly-once-it");

        ReadBack back = readCommitted(out);
        assertEquals(IMAGES, back.records.size(), "exact count");
        Set<String> ids = new HashSet<>();
        for (ImageDecomposition d : back.records) {
            assertTrue(ids.add(d.getId()), "duplicate " + d.getId());
            int i = Integer.parseInt(d.getId().substring("img-".length()));
            assertEquals(i, d.getIndex());
            assertEquals(List.of((long) (i % 5)), d.getLabel());
            assertEquals(Instant.ofEpochMilli(1000L + i), d.getEventTime());
            assertArrayEquals(new float[] {i, 2 * i, 7}, FloatTensors.unpack(d.getEmbedding()));
        }
        // transactional writes leave a commit marker per transaction and partition, each taking one offset
        assertTrue(back.endOffsetSum > IMAGES, "end offsets " + back.endOffsetSum + " show no transaction markers");
    }

    /** Stands in for the decomposition: embedding = the image's bytes as floats; RocksDB state rejects repeats. */
    static final class FakeDecomposition extends KeyedProcessFunction<String, ImageRecord, ImageDecomposition> {
        private static final long serialVersionUID = 1L;

        private transient ValueState<Boolean> seen;

        @Override
        public void open(OpenContext openContext) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
        }

        @Override
        public void processElement(ImageRecord image, Context ctx, Collector<ImageDecomposition> out)
                throws Exception {
            if (seen.value() != null) {
                throw new IllegalStateException("image " + image.getId() + " seen twice");
            }
            seen.update(true);
            ByteBuffer bytes = image.getBytes().duplicate();
            float[] embedding = new float[bytes.remaining()];
            for (int k = 0; k < embedding.length; k++) {
                embedding[k] = bytes.get() & 0xFF;
            }
            FloatTensor one = FloatTensors.pack(new float[] {0f}, 1, 1);
            out.collect(ImageDecomposition.newBuilder().setId(image.getId()).setIndex(image.getIndex())
                    .setModel("fake").setDataset(image.getSource()).setLabel(image.getLabel())
                    .setEmbedding(FloatTensors.pack(embedding, embedding.length)).setEmbeddingNorm(1f)
                    .setHeads(FloatTensors.pack(new float[] {0f}, 1, 1, 1)).setMlps(one).setClsAttn(one)
                    .setEventTime(image.getEventTime()).build());
        }
    }

    private static void produce(Topic<ImageRecord> topic, List<ImageRecord> images) throws Exception {
        AvroSerializationSchema<ImageRecord> ser = topic.valueSerializationSchema();
        ser.open(null);
        Map<String, Object> props = new HashMap<>(RecordSizePolicy.DEFAULT.producerProperties());
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ImageRecord image : images) {
                producer.send(new ProducerRecord<>(topic.name(), image.getId().getBytes(), ser.serialize(image)));
            }
            producer.flush();
        }
    }

    private record ReadBack(List<ImageDecomposition> records, long endOffsetSum) {
    }

    private static ReadBack readCommitted(Topic<ImageDecomposition> topic) throws Exception {
        AvroDeserializationSchema<ImageDecomposition> de = topic.valueDeserializationSchema();
        de.open(null);
        Map<String, Object> props = new HashMap<>(RecordSizePolicy.DEFAULT.consumerProperties());
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("isolation.level", "read_committed");
        List<ImageDecomposition> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic.name(), 0), new TopicPartition(topic.name(), 1));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(de.deserialize(r.value()));
                }
            }
            return new ReadBack(records, end.values().stream().mapToLong(Long::longValue).sum());
        }
    }
}
