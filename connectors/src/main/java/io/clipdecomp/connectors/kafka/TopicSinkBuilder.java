package io.clipdecomp.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Builds a Flink {@link KafkaSink} writing Avro values to one {@link Topic}, keyed by the topic's key function;
 * exactly-once by default (Kafka transactions committed on checkpoints), at-least-once on request.
 *
 * <pre>{@code
 * KafkaSink<ImageDecomposition> sink = TopicSinkBuilder.forTopic(Topics.DECOMPOSITIONS)
 *         .setBootstrapServers(broker.bootstrapServers())
 *         .setTransactionalIdPrefix("clipdecomp-stream-decompositions")
 *         .build();
 * }</pre>
 *
 * <p>Exactly-once output becomes visible to {@code read_committed} consumers when a checkpoint completes, so
 * the job must checkpoint. The transaction timeout must stay below the broker's
 * {@code transaction.max.timeout.ms} (Kafka's default 15 minutes); Flink's own default of 1 hour is rejected
 * by a default broker, hence the 10 minute default here. {@code setX} methods are required,
 * {@code optX} optional.
 *
 * @param <V> the record type of the topic's values
 */
public final class TopicSinkBuilder<V extends SpecificRecord> {

    /** Default producer {@code transaction.timeout.ms}. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /** Kafka's default broker {@code transaction.max.timeout.ms}. */
    public static final Duration KAFKA_DEFAULT_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private final Topic<V> topic;
    private String bootstrapServers;
    private String transactionalIdPrefix;
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    private Duration brokerMaxTransactionTimeout = KAFKA_DEFAULT_MAX_TRANSACTION_TIMEOUT;
    private RecordSizePolicy sizePolicy = RecordSizePolicy.DEFAULT;
    private final Map<String, String> extraProperties = new LinkedHashMap<>();

    private TopicSinkBuilder(Topic<V> topic) {
        this.topic = topic;
    }

    /** A builder of a sink for {@code topic}. */
    public static <V extends SpecificRecord> TopicSinkBuilder<V> forTopic(Topic<V> topic) {
        if (topic == null) {
            throw new IllegalArgumentException("sink topic must not be null");
        }
        return new TopicSinkBuilder<>(topic);
    }

    /** Required: the Kafka bootstrap servers, {@code host:port[,host:port...]}. */
    public TopicSinkBuilder<V> setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = requireText(bootstrapServers, "bootstrap servers");
        return this;
    }

    /**
     * Required for exactly-once: the prefix of this sink's transactional ids, unique per sink on the cluster
     * and stable across restarts (so lingering transactions of a failed run get aborted).
     */
    public TopicSinkBuilder<V> setTransactionalIdPrefix(String transactionalIdPrefix) {
        this.transactionalIdPrefix = requireText(transactionalIdPrefix, "transactional id prefix");
        return this;
    }

    /**
     * {@link DeliveryGuarantee#EXACTLY_ONCE} (default) or {@link DeliveryGuarantee#AT_LEAST_ONCE}.
     *
     * @throws IllegalArgumentException for {@link DeliveryGuarantee#NONE}: every record must end up somewhere
     */
    public TopicSinkBuilder<V> optDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
        if (deliveryGuarantee != DeliveryGuarantee.EXACTLY_ONCE && deliveryGuarantee != DeliveryGuarantee.AT_LEAST_ONCE) {
            throw new IllegalArgumentException("delivery guarantee " + deliveryGuarantee
                    + " is not supported: use EXACTLY_ONCE or AT_LEAST_ONCE");
        }
        this.deliveryGuarantee = deliveryGuarantee;
        return this;
    }

    /** Producer {@code transaction.timeout.ms}; default {@link #DEFAULT_TRANSACTION_TIMEOUT}. */
    public TopicSinkBuilder<V> optTransactionTimeout(Duration transactionTimeout) {
        this.transactionTimeout = requirePositive(transactionTimeout, "transaction timeout");
        return this;
    }

    /**
     * The broker's {@code transaction.max.timeout.ms}, if not Kafka's default of 15 minutes; the transaction
     * timeout must be below it.
     */
    public TopicSinkBuilder<V> optBrokerMaxTransactionTimeout(Duration brokerMaxTransactionTimeout) {
        this.brokerMaxTransactionTimeout = requirePositive(brokerMaxTransactionTimeout, "broker max transaction timeout");
        return this;
    }

    /** Producer request limits that fit the largest record; default {@link RecordSizePolicy#DEFAULT}. */
    public TopicSinkBuilder<V> optRecordSizePolicy(RecordSizePolicy sizePolicy) {
        this.sizePolicy = Objects.requireNonNull(sizePolicy, "record size policy must not be null");
        return this;
    }

    /** Any other Kafka producer property; set last, so it wins over the settings above. */
    public TopicSinkBuilder<V> optProperty(String key, String value) {
        extraProperties.put(requireText(key, "producer property name"),
                Objects.requireNonNull(value, "value of producer property " + key + " must not be null"));
        return this;
    }

    /**
     * The sink.
     *
     * @throws IllegalStateException if bootstrap servers are missing, an exactly-once sink has no transactional
     *     id prefix, or the transaction timeout is not below the broker maximum
     */
    public KafkaSink<V> build() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("sink of " + topic + " needs bootstrap servers: call setBootstrapServers");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE && transactionalIdPrefix == null) {
            throw new IllegalStateException("exactly-once sink of " + topic
                    + " needs a transactional id prefix: call setTransactionalIdPrefix");
        }
        if (transactionTimeout.compareTo(brokerMaxTransactionTimeout) >= 0) {
            throw new IllegalStateException("transaction timeout " + transactionTimeout + " of the sink of " + topic
                    + " must be below the broker's transaction.max.timeout.ms " + brokerMaxTransactionTimeout);
        }
        KafkaSinkBuilder<V> builder = KafkaSink.<V>builder()
                .setKafkaProducerConfig(producerProperties())
                .setDeliveryGuarantee(deliveryGuarantee)
                .setRecordSerializer(KafkaRecordSerializationSchema.<V>builder()
                        .setTopic(topic.name())
                        .setKeySerializationSchema(new KeySerializationSchema<>(topic.keyOf()))
                        .setValueSerializationSchema(topic.valueSerializationSchema())
                        .build());
        if (transactionalIdPrefix != null) {
            // ids are prefix-subtask-checkpointId: a run restored from checkpoint N aborts the ids after N under
            // its prefix, which are exactly the transactions a killed run left open; pinned against a changed default
            builder.setTransactionalIdPrefix(transactionalIdPrefix)
                    .setTransactionNamingStrategy(TransactionNamingStrategy.INCREMENTING);
        }
        return builder.build();
    }

    /** The producer settings the sink gets: servers, transaction timeout, size limits, then extra properties. */
    Properties producerProperties() {
        Properties props = new Properties();
        if (bootstrapServers != null) {
            props.setProperty("bootstrap.servers", bootstrapServers);
        }
        props.setProperty("transaction.timeout.ms", Long.toString(transactionTimeout.toMillis()));
        props.putAll(sizePolicy.producerProperties());
        props.putAll(extraProperties);
        return props;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    private static Duration requirePositive(Duration value, String what) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }

    /** The record key: the topic's key function, UTF-8 encoded. */
    private static final class KeySerializationSchema<V> implements SerializationSchema<V> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<V, String> keyOf;

        KeySerializationSchema(SerializableFunction<V, String> keyOf) {
            this.keyOf = keyOf;
        }

        @Override
        public byte[] serialize(V element) {
            String key = keyOf.apply(element);
            if (key == null) {
                throw new IllegalArgumentException("record key of " + element.getClass().getSimpleName()
                        + " is null: the topic's key field must be set");
            }
            return key.getBytes(StandardCharsets.UTF_8);
        }
    }
}
