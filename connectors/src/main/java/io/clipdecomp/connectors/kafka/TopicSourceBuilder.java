package io.clipdecomp.connectors.kafka;

import io.clipdecomp.schemas.DeadLetter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;

/**
 * Builds a Flink {@link KafkaSource} reading the Avro values of one {@link Topic}, reading only committed
 * transactions ({@code isolation.level=read_committed}) with fetch sizes from a {@link RecordSizePolicy}.
 * Each record comes out as its value or, if it cannot be read, as its dead letter
 * ({@link DeadLetteringDeserializer}): the source itself never fails on a record.
 *
 * <pre>{@code
 * KafkaSource<Either<ImageRecord, DeadLetter>> source = TopicSourceBuilder.forTopic(Topics.IMAGES)
 *         .setBootstrapServers(broker.bootstrapServers())
 *         .setGroupId("clipdecomp-stream")
 *         .optBoundedAtLatest()            // tests and bounded runs: stop at the offsets current at start
 *         .build();
 * }</pre>
 *
 * <p>{@code setX} methods are required, {@code optX} methods optional.
 *
 * @param <V> the record type of the topic's values
 */
public final class TopicSourceBuilder<V extends SpecificRecord> {

    private final Topic<V> topic;
    private String bootstrapServers;
    private String groupId;
    // a restored job reads on from the offsets in its checkpoint, which match its state and committed output; one
    // without a checkpoint starts over. The group's committed offsets may lag or lead that output by a checkpoint
    private OffsetsInitializer startingOffsets = OffsetsInitializer.earliest();
    private OffsetsInitializer stoppingOffsets;
    private RecordSizePolicy sizePolicy = RecordSizePolicy.DEFAULT;
    private final Map<String, String> extraProperties = new LinkedHashMap<>();

    private TopicSourceBuilder(Topic<V> topic) {
        this.topic = topic;
    }

    /** A builder of a source for {@code topic}. */
    public static <V extends SpecificRecord> TopicSourceBuilder<V> forTopic(Topic<V> topic) {
        if (topic == null) {
            throw new IllegalArgumentException("source topic must not be null");
        }
        return new TopicSourceBuilder<>(topic);
    }

    /** Required: the Kafka bootstrap servers, {@code host:port[,host:port...]}. */
    public TopicSourceBuilder<V> setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = requireText(bootstrapServers, "bootstrap servers");
        return this;
    }

    /** Required: the consumer group, whose offsets are committed on checkpoints (for monitoring its lag). */
    public TopicSourceBuilder<V> setGroupId(String groupId) {
        this.groupId = requireText(groupId, "consumer group id");
        return this;
    }

    /** Where a job without a checkpoint to restore starts; default: the earliest offsets. */
    public TopicSourceBuilder<V> optStartingOffsets(OffsetsInitializer startingOffsets) {
        this.startingOffsets = Objects.requireNonNull(startingOffsets, "starting offsets must not be null");
        return this;
    }

    /** Makes the source bounded: it stops at {@code stoppingOffsets}. Default: unbounded. */
    public TopicSourceBuilder<V> optBounded(OffsetsInitializer stoppingOffsets) {
        this.stoppingOffsets = Objects.requireNonNull(stoppingOffsets, "stopping offsets must not be null");
        return this;
    }

    /** Makes the source bounded at the latest (committed) offsets found when the job starts. */
    public TopicSourceBuilder<V> optBoundedAtLatest() {
        return optBounded(OffsetsInitializer.latest());
    }

    /** Fetch limits that fit the largest record; default {@link RecordSizePolicy#DEFAULT}. */
    public TopicSourceBuilder<V> optRecordSizePolicy(RecordSizePolicy sizePolicy) {
        this.sizePolicy = Objects.requireNonNull(sizePolicy, "record size policy must not be null");
        return this;
    }

    /** Any other Kafka consumer or KafkaSource property; set last, so it wins over the settings above. */
    public TopicSourceBuilder<V> optProperty(String key, String value) {
        extraProperties.put(requireText(key, "consumer property name"),
                Objects.requireNonNull(value, "value of consumer property " + key + " must not be null"));
        return this;
    }

    /**
     * The source.
     *
     * @throws IllegalStateException if bootstrap servers or group id are missing
     */
    public KafkaSource<Either<V, DeadLetter>> build() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("source of " + topic + " needs bootstrap servers: call setBootstrapServers");
        }
        if (groupId == null) {
            throw new IllegalStateException("source of " + topic + " needs a consumer group id: call setGroupId");
        }
        KafkaSourceBuilder<Either<V, DeadLetter>> builder = KafkaSource.<Either<V, DeadLetter>>builder()
                .setProperties(consumerProperties())
                .setTopics(topic.name())
                .setStartingOffsets(startingOffsets)
                .setDeserializer(new DeadLetteringDeserializer<>(topic));
        if (stoppingOffsets != null) {
            builder.setBounded(stoppingOffsets);
        }
        return builder.build();
    }

    /** The consumer settings the source gets: servers, group, isolation, fetch sizes, then extra properties. */
    Properties consumerProperties() {
        Properties props = new Properties();
        if (bootstrapServers != null) {
            props.setProperty("bootstrap.servers", bootstrapServers);
        }
        if (groupId != null) {
            props.setProperty("group.id", groupId);
        }
        // skip records of aborted transactions and wait for open ones (exactly-once producers upstream)
        props.setProperty("isolation.level", "read_committed");
        props.putAll(sizePolicy.consumerProperties());
        props.putAll(extraProperties);
        return props;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
