package io.clipdecomp.connectors.kafka;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.formats.avro.AvroDeserializationSchema;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A Kafka topic with Avro values of one record type: its name, value class, record key and value (de)serializers.
 *
 * @param <V> the Avro specific record type of the values
 */
public final class Topic<V extends SpecificRecord> {

    // Kafka's legal topic names (org.apache.kafka.common.internals.Topic, an internal class)
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String name;
    private final Class<V> valueClass;
    private final SerializableFunction<V, String> keyOf;

    private Topic(String name, Class<V> valueClass, SerializableFunction<V, String> keyOf) {
        this.name = requireLegalName(name);
        this.valueClass = Objects.requireNonNull(valueClass, "topic value class must not be null");
        this.keyOf = Objects.requireNonNull(keyOf, "topic key function must not be null");
    }

    /**
     * A topic named {@code name} holding {@code valueClass} values, keyed (and so partitioned) by {@code keyOf}.
     *
     * @throws IllegalArgumentException if the name is not a legal Kafka topic name
     */
    public static <V extends SpecificRecord> Topic<V> of(
            String name, Class<V> valueClass, SerializableFunction<V, String> keyOf) {
        return new Topic<>(name, valueClass, keyOf);
    }

    /** The same topic type under another name, e.g. one given on the command line. */
    public Topic<V> withName(String otherName) {
        return new Topic<>(otherName, valueClass, keyOf);
    }

    /** The Kafka topic name. */
    public String name() {
        return name;
    }

    /** The Avro specific record class of the values. */
    public Class<V> valueClass() {
        return valueClass;
    }

    /** The function giving a value's record key; records with equal keys go to the same partition. */
    public SerializableFunction<V, String> keyOf() {
        return keyOf;
    }

    /** A new serializer of values to Avro binary (no header), as the topic stores them. */
    public AvroSerializationSchema<V> valueSerializationSchema() {
        return AvroSerializationSchema.forSpecific(valueClass);
    }

    /** A new deserializer of the topic's Avro binary values. */
    public AvroDeserializationSchema<V> valueDeserializationSchema() {
        return AvroDeserializationSchema.forSpecific(valueClass);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topic<?> other && name.equals(other.name) && valueClass.equals(other.valueClass);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, valueClass);
    }

    @Override
    public String toString() {
        return name + " (" + valueClass.getSimpleName() + ")";
    }

    private static String requireLegalName(String name) {
        if (name == null || !LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("topic name '" + name
                    + "' is not a legal Kafka topic name: 1 to 249 of [a-zA-Z0-9._-], not '.' or '..'");
        }
        return name;
    }
}
