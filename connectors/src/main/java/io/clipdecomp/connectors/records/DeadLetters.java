package io.clipdecomp.connectors.records;

import io.clipdecomp.schemas.DeadLetter;
import java.time.Instant;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** The side output every stage sends rejected records to, and how a rejection is written down. */
public final class DeadLetters {
    /** Stage names, as they appear in {@link DeadLetter#getStage()}. */
    public static final String DESERIALIZE = "deserialize";
    public static final String DECODE = "decode";
    public static final String PREPROCESS = "preprocess";
    public static final String DECOMPOSE = "decompose";
    public static final String SIZE = "size";

    /** The dead-letter side output. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private DeadLetters() {
    }

    /** A dead letter for record {@code id}: which stage refused it and why. */
    public static DeadLetter of(String id, long index, String source, String stage, String reason, long eventTime,
                                int payloadSize) {
        return DeadLetter.newBuilder().setRecordId(id).setIndex(index).setSource(source).setStage(stage)
                .setReason(reason == null ? "unknown" : reason).setEventTime(Instant.ofEpochMilli(eventTime))
                .setPayloadSize(payloadSize).build();
    }

    /**
     * A dead letter for the Kafka record at {@code topic}-{@code partition}@{@code offset} whose value could not
     * be read: its id is those coordinates, as the value's own id is unknown.
     */
    public static DeadLetter ofKafkaRecord(String topic, int partition, long offset, String reason, long timestamp,
                                           int payloadSize) {
        return DeadLetter.newBuilder(of(kafkaRecordId(topic, partition, offset), -1, topic, DESERIALIZE, reason,
                        timestamp, payloadSize))
                .setTopic(topic).setPartition(partition).setOffset(offset).build();
    }

    /** {@code topic-partition@offset}: where a Kafka record is, in the form Kafka's own tools print. */
    public static String kafkaRecordId(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
