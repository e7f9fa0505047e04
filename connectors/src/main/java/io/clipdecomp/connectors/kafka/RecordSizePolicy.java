package io.clipdecomp.connectors.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The largest record value clipdecomp sends to Kafka, and the broker, topic, producer and consumer limits that
 * follow from it, so that all of them are raised together for large images.
 *
 * <p>Jobs check {@link #admits(SpecificRecord)} before sending and dead-letter what does not fit, rather than
 * letting the producer fail the job with a {@code RecordTooLargeException}.
 */
public final class RecordSizePolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** 8 MiB: a large encoded photo or a ViT-B-16 decomposition ([12,12,512] floats = 288 KiB) fits easily. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

    /** The default policy, {@link #DEFAULT_MAX_RECORD_BYTES}. */
    public static final RecordSizePolicy DEFAULT = new RecordSizePolicy(DEFAULT_MAX_RECORD_BYTES);

    /** Room for the key, headers and record-batch framing on top of the value. */
    static final int FRAMING_HEADROOM_BYTES = 64 * 1024;

    private static final int MIN_MAX_RECORD_BYTES = 1024;
    private static final int MAX_MAX_RECORD_BYTES = 256 * 1024 * 1024;
    private static final long KAFKA_DEFAULT_FETCH_MAX_BYTES = 52_428_800L;
    private static final long KAFKA_DEFAULT_BUFFER_MEMORY = 33_554_432L;
    private static final long KAFKA_DEFAULT_SOCKET_REQUEST_MAX_BYTES = 104_857_600L;

    private final int maxRecordBytes;

    private RecordSizePolicy(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * A policy admitting record values of at most {@code maxRecordBytes} serialized bytes.
     *
     * @throws IllegalArgumentException unless 1 KiB &lt;= maxRecordBytes &lt;= 256 MiB
     */
    public static RecordSizePolicy ofMaxRecordBytes(int maxRecordBytes) {
        if (maxRecordBytes < MIN_MAX_RECORD_BYTES || maxRecordBytes > MAX_MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("max record bytes " + maxRecordBytes + " must be between "
                    + MIN_MAX_RECORD_BYTES + " and " + MAX_MAX_RECORD_BYTES);
        }
        return new RecordSizePolicy(maxRecordBytes);
    }

    /** The largest serialized record value admitted, in bytes. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** The Kafka message limit that fits every admitted value: value limit plus framing headroom. */
    public int maxMessageBytes() {
        return maxRecordBytes + FRAMING_HEADROOM_BYTES;
    }

    /** Whether a record value of {@code serializedValueBytes} may be sent. */
    public boolean admits(long serializedValueBytes) {
        return serializedValueBytes <= maxRecordBytes;
    }

    /** Whether {@code record}, serialized as the topics store it (Avro binary), may be sent. */
    public boolean admits(SpecificRecord record) {
        return admits(serializedSize(record));
    }

    /** The dead-letter reason for a value of {@code serializedValueBytes} that is not admitted. */
    public String rejectionReason(long serializedValueBytes) {
        return "record value is " + serializedValueBytes + " bytes, over the limit of " + maxRecordBytes + " bytes";
    }

    /** The size of {@code record} in Avro binary encoding without header, as on the topics. */
    public static long serializedSize(SpecificRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("record to measure must not be null");
        }
        CountingSink counter = new CountingSink();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
        // the record's own SpecificData carries its logical-type conversions (e.g. Instant timestamps)
        SpecificData model = SpecificData.getForClass(record.getClass());
        try {
            new SpecificDatumWriter<SpecificRecord>(record.getSchema(), model).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + record.getSchema().getName(), e);
        }
        return counter.count;
    }

    /** Broker settings: {@code message.max.bytes} and the fetch/socket limits that must not be below it. */
    public Map<String, String> brokerProperties() {
        return Map.of(
                "message.max.bytes", Integer.toString(maxMessageBytes()),
                "replica.fetch.max.bytes", Integer.toString(maxMessageBytes()),
                "socket.request.max.bytes", Long.toString(atLeast(KAFKA_DEFAULT_SOCKET_REQUEST_MAX_BYTES,
                        2L * maxMessageBytes())));
    }

    /** Topic settings: {@code max.message.bytes}. */
    public Map<String, String> topicConfigs() {
        return Map.of("max.message.bytes", Integer.toString(maxMessageBytes()));
    }

    /** Producer settings: {@code max.request.size} and a {@code buffer.memory} that holds a few such requests. */
    public Map<String, String> producerProperties() {
        return Map.of(
                "max.request.size", Integer.toString(maxMessageBytes()),
                "buffer.memory", Long.toString(atLeast(KAFKA_DEFAULT_BUFFER_MEMORY, 4L * maxMessageBytes())));
    }

    /** Consumer settings: {@code max.partition.fetch.bytes} and {@code fetch.max.bytes}. */
    public Map<String, String> consumerProperties() {
        return Map.of(
                "max.partition.fetch.bytes", Integer.toString(maxMessageBytes()),
                "fetch.max.bytes", Long.toString(atLeast(KAFKA_DEFAULT_FETCH_MAX_BYTES, maxMessageBytes())));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordSizePolicy other && other.maxRecordBytes == maxRecordBytes;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(maxRecordBytes);
    }

    @Override
    public String toString() {
        return "RecordSizePolicy(maxRecordBytes=" + maxRecordBytes + ")";
    }

    private static long atLeast(long floor, long value) {
        return Math.max(floor, value);
    }

    /** Discards bytes, counting them. */
    private static final class CountingSink extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
