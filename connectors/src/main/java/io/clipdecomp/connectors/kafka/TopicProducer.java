package io.clipdecomp.connectors.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends typed records to a topic from plain Java (outside Flink), keyed as the topic says, with the size
 * limits of a {@link RecordSizePolicy}: a record over the limit is not sent and {@link #send} says so. Delivery
 * is asynchronous; a record the cluster did not take is never dropped silently: {@link #flush} fails naming it.
 *
 * @param <V> the topic's record type
 */
public final class TopicProducer<V extends SpecificRecord> implements AutoCloseable {
    private final Topic<V> topic;
    private final RecordSizePolicy sizePolicy;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    /** A producer to {@code topic} on a cluster that needs no client settings. */
    public TopicProducer(String bootstrapServers, Topic<V> topic, RecordSizePolicy sizePolicy) {
        this(bootstrapServers, topic, sizePolicy, Map.of());
    }

    /** A producer with extra client settings (TLS, SASL, ...), applied last. */
    public TopicProducer(String bootstrapServers, Topic<V> topic, RecordSizePolicy sizePolicy,
                         Map<String, String> clientProperties) {
        this.topic = topic;
        this.sizePolicy = sizePolicy;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putAll(sizePolicy.producerProperties());
        props.putAll(clientProperties);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends a record unless it is over the size limit.
     *
     * @return null when sent, else why it was refused
     */
    public String send(V record) {
        byte[] value = AvroBinary.write(record);
        if (!sizePolicy.admits(value.length)) {
            return sizePolicy.rejectionReason(value.length);
        }
        String key = topic.keyOf().apply(record);
        producer.send(new ProducerRecord<>(topic.name(), key, value), (metadata, e) -> {
            if (e != null) {
                undelivered.incrementAndGet();
                firstFailure.compareAndSet(null, "record " + key + ": " + e.getMessage());
            }
        });
        return null;
    }

    /** Waits until every record sent so far is acknowledged; fails if the cluster refused any of them. */
    public void flush() {
        producer.flush();
        long failed = undelivered.get();
        if (failed > 0) {
            throw new IllegalStateException(failed + " record(s) to " + topic.name() + " were not delivered; the first, "
                    + firstFailure.get());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
