package io.clipdecomp.connectors.kafka;

import io.clipdecomp.connectors.records.DeadLetters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a typed topic from plain Java with {@code read_committed} isolation: only what exactly-once
 * writers committed is seen. {@link #uncommitted} sees records as they are written, before their transaction
 * commits: for watching a job's progress, never for results. A record that is not a value of the topic's type
 * stops the reading with an error naming it.
 *
 * @param <V> the topic's record type
 */
public final class TopicReader<V extends SpecificRecord> implements AutoCloseable {
    private final StrictAvroReader<V> values;
    private final KafkaConsumer<String, byte[]> consumer;

    /** A read_committed reader of {@code topic} on a cluster that needs no client settings. */
    public TopicReader(String bootstrapServers, Topic<V> topic, RecordSizePolicy sizePolicy) {
        this(bootstrapServers, topic, sizePolicy, Map.of());
    }

    /** A read_committed reader with extra client settings (TLS, SASL, ...), applied last. */
    public TopicReader(String bootstrapServers, Topic<V> topic, RecordSizePolicy sizePolicy,
                       Map<String, String> clientProperties) {
        this(bootstrapServers, topic, sizePolicy, clientProperties, "read_committed");
    }

    private TopicReader(String bootstrapServers, Topic<V> topic, RecordSizePolicy sizePolicy,
                        Map<String, String> clientProperties, String isolation) {
        this.values = new StrictAvroReader<>(topic.valueClass(), topic.keyOf());
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putAll(sizePolicy.consumerProperties());
        props.putAll(clientProperties);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** A reader with {@code read_uncommitted} isolation: records appear when written, even if later aborted. */
    public static <V extends SpecificRecord> TopicReader<V> uncommitted(String bootstrapServers, Topic<V> topic,
                                                                     RecordSizePolicy sizePolicy) {
        return new TopicReader<>(bootstrapServers, topic, sizePolicy, Map.of(), "read_uncommitted");
    }

    /** Every committed record from the beginning up to the end offsets as of now. */
    public List<V> readAll() {
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(consumer.assignment()));
        List<V> out = new ArrayList<>();
        while (!reached(end)) {
            out.addAll(poll(Duration.ofMillis(200)));
        }
        return out;
    }

    /** The records that arrive within {@code timeout}, continuing where the last read stopped. */
    public List<V> poll(Duration timeout) {
        return poll(timeout, (recordId, reason) -> {
            throw new IllegalStateException("value at " + recordId + " " + reason);
        });
    }

    /**
     * The readable records that arrive within {@code timeout}; each unreadable one goes to {@code unreadable} with
     * its {@code topic-partition@offset} and the reason, and the reading goes on past it.
     */
    public List<V> poll(Duration timeout, BiConsumer<String, String> unreadable) {
        List<V> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            try {
                out.add(values.read(r.value()));
            } catch (StrictAvroReader.UnreadableValueException e) {
                unreadable.accept(DeadLetters.kafkaRecordId(r.topic(), r.partition(), r.offset()), e.getMessage());
            }
        }
        return out;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
