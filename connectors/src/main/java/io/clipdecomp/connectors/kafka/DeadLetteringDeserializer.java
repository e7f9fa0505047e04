package io.clipdecomp.connectors.kafka;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.schemas.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Deserialises the Kafka records of a {@link Topic} without ever throwing: each record becomes either its Avro
 * value (left) or a {@link DeadLetter} of stage {@value DeadLetters#DESERIALIZE} naming its topic, partition and
 * offset (right). A value that is not exactly one record of the topic's type (garbage, an empty or null value,
 * a record of another schema, extra bytes) or whose id is empty is refused, so one poison record cannot fail
 * the job and wedge its consumer group.
 *
 * @param <V> the topic's record type
 */
public final class DeadLetteringDeserializer<V extends SpecificRecord>
        implements KafkaRecordDeserializationSchema<Either<V, DeadLetter>> {

    private static final long serialVersionUID = 1L;
    private static final int MAX_KEY_CHARS = 80;

    private final Class<V> valueClass;
    private final SerializableFunction<V, String> keyOf;
    private transient StrictAvroReader<V> reader;

    /** A deserializer of {@code topic}'s values. */
    public DeadLetteringDeserializer(Topic<V> topic) {
        this.valueClass = topic.valueClass();
        this.keyOf = topic.keyOf();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        reader = new StrictAvroReader<>(valueClass, keyOf);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<V, DeadLetter>> out) {
        out.collect(read(record));
    }

    /** The record's value, or its dead letter. */
    public Either<V, DeadLetter> read(ConsumerRecord<byte[], byte[]> record) {
        if (reader == null) {
            reader = new StrictAvroReader<>(valueClass, keyOf);
        }
        try {
            return Either.Left(reader.read(record.value()));
        } catch (StrictAvroReader.UnreadableValueException e) {
            byte[] value = record.value();
            int size = value == null ? 0 : value.length;
            String reason = "value at " + DeadLetters.kafkaRecordId(record.topic(), record.partition(), record.offset())
                    + " (" + size + " bytes" + keyText(record.key()) + ") " + e.getMessage();
            return Either.Right(DeadLetters.ofKafkaRecord(record.topic(), record.partition(), record.offset(), reason,
                    record.timestamp(), size));
        }
    }

    @Override
    public TypeInformation<Either<V, DeadLetter>> getProducedType() {
        // TypeInformation.of gives specific records Flink's Avro type info (AvroTypeInfoTest), not Kryo
        return new EitherTypeInfo<>(TypeInformation.of(valueClass), new AvroTypeInfo<>(DeadLetter.class));
    }

    private static String keyText(byte[] key) {
        if (key == null) {
            return "";
        }
        String text = new String(key, StandardCharsets.UTF_8);
        return ", key '" + (text.length() > MAX_KEY_CHARS ? text.substring(0, MAX_KEY_CHARS) + "..." : text) + "'";
    }
}
