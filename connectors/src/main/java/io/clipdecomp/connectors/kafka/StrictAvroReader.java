package io.clipdecomp.connectors.kafka;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Reads topic values (Avro binary without header) of one record type strictly: the bytes must hold exactly one
 * such record, every string in it valid UTF-8 as Avro requires, and its key (the record's id) must not be blank.
 * Not thread-safe: one per consumer.
 *
 * <p>The bytes are checked in a first pass that allocates nothing a length prefix claims: Avro's reader
 * allocates what a prefix claims before it sees where the bytes end, so 14 bytes of garbage can ask for an
 * 8 GiB array. Without a writer schema on the wire, a record of another schema is told apart only by not
 * fitting: wrong lengths, bytes left over, invalid UTF-8 (image bytes shifted into a string field).
 *
 * @param <V> the record type
 */
final class StrictAvroReader<V extends SpecificRecord> {

    /** Why some bytes are not a value of the record type, in our words. */
    static final class UnreadableValueException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableValueException(String reason) {
            super(reason);
        }
    }

    private final String typeName;
    private final String aType;
    private final Schema schema;
    private final SpecificDatumReader<V> reader;
    private final SerializableFunction<V, String> keyOf;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private BinaryDecoder decoder;

    StrictAvroReader(Class<V> type, SerializableFunction<V, String> keyOf) {
        this.typeName = type.getSimpleName();
        this.aType = ("AEIOU".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ") + typeName;
        this.reader = new SpecificDatumReader<>(type);
        this.schema = reader.getSchema();
        this.keyOf = keyOf;
    }

    /** The record {@code bytes} hold; a failure says why they are not one (never another exception). */
    V read(byte[] bytes) throws UnreadableValueException {
        if (bytes == null) {
            throw new UnreadableValueException("has no value (null, e.g. a tombstone), not " + aType);
        }
        if (bytes.length == 0) {
            throw new UnreadableValueException("is empty, not " + aType);
        }
        V value;
        try {
            decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
            check(schema, "");
            if (!decoder.isEnd()) {
                throw new UnreadableValueException("is not " + aType + ": " + remaining()
                        + " bytes are left over after one whole " + typeName + " (a record of another schema?)");
            }
            decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
            value = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new UnreadableValueException("is not " + aType + ": the bytes end inside the record");
        } catch (IOException | RuntimeException e) {
            // only these bytes are at fault here: decoding touches nothing but them and the fixed schema
            throw new UnreadableValueException("is not " + aType + " in Avro binary: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        String key = keyOf.apply(value);
        if (key == null || key.isBlank()) {
            throw new UnreadableValueException("is " + aType + " with an empty id");
        }
        return value;
    }

    /** Walks one datum of schema {@code s} at field path {@code path}, allocating only what the bytes hold. */
    private void check(Schema s, String path) throws IOException, UnreadableValueException {
        switch (s.getType()) {
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    check(f.schema(), path.isEmpty() ? f.name() : path + "." + f.name());
                }
            }
            case ARRAY -> {
                for (long n = items(decoder.readArrayStart(), s.getElementType(), path); n > 0;
                     n = items(decoder.arrayNext(), s.getElementType(), path)) {
                    for (long i = 0; i < n; i++) {
                        check(s.getElementType(), path + "[]");
                    }
                }
            }
            case MAP -> {
                for (long n = items(decoder.readMapStart(), s.getValueType(), path); n > 0;
                     n = items(decoder.mapNext(), s.getValueType(), path)) {
                    for (long i = 0; i < n; i++) {
                        string(path + " key");
                        check(s.getValueType(), path + "{}");
                    }
                }
            }
            case UNION -> {
                List<Schema> branches = s.getTypes();
                int branch = decoder.readIndex();
                if (branch < 0 || branch >= branches.size()) {
                    throw new UnreadableValueException("is not " + aType + ": field " + path + " names union branch "
                            + branch + " of " + branches.size());
                }
                check(branches.get(branch), path);
            }
            case ENUM -> {
                int symbol = decoder.readEnum();
                if (symbol < 0 || symbol >= s.getEnumSymbols().size()) {
                    throw new UnreadableValueException("is not " + aType + ": field " + path + " names enum symbol "
                            + symbol + " of " + s.getEnumSymbols().size());
                }
            }
            case STRING -> string(path);
            case BYTES -> decoder.skipBytes();
            case FIXED -> decoder.skipFixed(s.getFixedSize());
            case INT -> decoder.readInt();
            case LONG -> decoder.readLong();
            case FLOAT -> decoder.readFloat();
            case DOUBLE -> decoder.readDouble();
            case BOOLEAN -> decoder.readBoolean();
            case NULL -> decoder.readNull();
        }
    }

    /** A block of {@code n} items; each item but a null takes at least one byte, so more than remain is a lie. */
    private long items(long n, Schema item, String path) throws IOException, UnreadableValueException {
        if (item.getType() != Schema.Type.NULL && n > remaining()) {
            throw new UnreadableValueException("is not " + aType + ": field " + path + " claims " + n
                    + " items in the " + remaining() + " bytes left");
        }
        return n;
    }

    private void string(String path) throws IOException, UnreadableValueException {
        long length = decoder.readLong();
        if (length < 0 || length > remaining()) {
            throw new UnreadableValueException("is not " + aType + ": field " + path + " claims a string of "
                    + length + " bytes in the " + remaining() + " bytes left");
        }
        byte[] text = new byte[(int) length];
        decoder.readFixed(text);
        try {
            utf8.reset().decode(ByteBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new UnreadableValueException("is not " + aType + ": field " + path + " is not UTF-8 text");
        }
    }

    private int remaining() throws IOException {
        return decoder.inputStream().available();
    }
}
