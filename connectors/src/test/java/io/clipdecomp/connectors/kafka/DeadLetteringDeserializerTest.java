package io.clipdecomp.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Every Kafka record becomes its value or a dead letter with its coordinates; nothing throws. */
class DeadLetteringDeserializerTest {
    private static final String TOPIC = "t.images";
    private static final int PARTITION = 1;
    private static final long OFFSET = 42;
    private static final long TIMESTAMP = 1_700_000_000_000L;

    private final DeadLetteringDeserializer<ImageRecord> deserializer =
            new DeadLetteringDeserializer<>(Topics.IMAGES.withName(TOPIC));

    private static ImageRecord image(String id) {
        return ImageRecord.newBuilder().setId(id).setSource("shapes")
                .setBytes(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).setFormat("png")
                .setLabel(List.of(3L)).setAttributes(Map.of("place", "water"))
                .setEventTime(Instant.ofEpochMilli(5)).setIndex(7).build();
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        return new ConsumerRecord<>(TOPIC, PARTITION, OFFSET, TIMESTAMP, TimestampType.CREATE_TIME,
                key == null ? 0 : key.length, value == null ? 0 : value.length, key, value, new RecordHeaders(),
                Optional.empty());
    }

    /** Asserts that {@code value} is refused with a dead letter that names where it is; returns the reason. */
    private String refused(byte[] value) {
        Either<ImageRecord, DeadLetter> out = deserializer.read(record("k-1".getBytes(StandardCharsets.UTF_8), value));
        assertTrue(out.isRight(), "refused, but read as " + (out.isLeft() ? out.left() : null));
        DeadLetter letter = out.right();
        assertEquals(DeadLetters.DESERIALIZE, letter.getStage());
        assertEquals(TOPIC + "-1@42", letter.getRecordId());
        assertEquals(TOPIC, letter.getTopic());
        assertEquals(PARTITION, letter.getPartition());
        assertEquals(OFFSET, letter.getOffset());
        assertEquals(TOPIC, letter.getSource());
        assertEquals(-1L, letter.getIndex());
        assertEquals(Instant.ofEpochMilli(TIMESTAMP), letter.getEventTime());
        assertEquals(value == null ? 0 : value.length, letter.getPayloadSize());
        String reason = letter.getReason();
        assertTrue(reason.startsWith("value at t.images-1@42 (" + letter.getPayloadSize() + " bytes, key 'k-1') "),
                reason);
        return reason;
    }

    @Test
    void aGoodRecordIsItsValue() {
        ImageRecord image = image("img-1");
        Either<ImageRecord, DeadLetter> out = deserializer.read(record(null, AvroBinary.write(image)));
        assertTrue(out.isLeft());
        assertEquals(image, out.left());
    }

    @Test
    void sixteenBytesOfSomethingElseAreADeadLetter() {
        // the start of a PNG file sent where an ImageRecord belongs
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertTrue(refused(png).contains("is not an ImageRecord"));
        byte[] text = "not avro at all!".getBytes(StandardCharsets.US_ASCII);
        assertEquals(16, text.length);
        assertTrue(refused(text).contains("is not an ImageRecord"));
    }

    @Test
    void emptyAndNullValuesAreDeadLetters() {
        assertTrue(refused(new byte[0]).contains("(0 bytes, key 'k-1') is empty, not an ImageRecord"));
        assertTrue(refused(null).contains("has no value"));
    }

    @Test
    void recordsOfOtherSchemasAreDeadLetters() {
        DeadLetter letter = DeadLetters.of("img-9", 9, "shapes", DeadLetters.DECODE, "not a PNG", 5, 4);
        ImageDecomposition decomposition = ImageDecomposition.newBuilder().setId("img-1").setIndex(42L)
                .setModel("m").setDataset("shapes").setLabel(List.of(3L))
                .setEmbedding(FloatTensors.pack(new float[] {1f, 2f}, 2)).setEmbeddingNorm(2.2f)
                .setHeads(FloatTensors.pack(new float[] {1f, 2f, 3f, 4f}, 1, 2, 2))
                .setMlps(FloatTensors.pack(new float[] {0f, 1f, 2f, 3f}, 2, 2))
                .setClsAttn(FloatTensors.pack(new float[] {9f, 8f}, 1, 2)).setEventTime(Instant.ofEpochMilli(5))
                .build();
        ComponentMeans means = ComponentMeans.newBuilder().setModel("m").setDataset("shapes").setCount(10L)
                .setHeads(FloatTensors.pack(new float[] {0.5f, 0.5f}, 1, 1, 2))
                .setMlps(FloatTensors.pack(new float[] {1f, 1f, 1f, 1f}, 2, 2))
                .setClsAttn(FloatTensors.pack(new float[] {2f, 2f}, 1, 2)).setEmittedAt(Instant.ofEpochMilli(5))
                .build();
        for (byte[] value : List.of(AvroBinary.write(letter), AvroBinary.write(decomposition), AvroBinary.write(means))) {
            assertTrue(refused(value).contains("is not an ImageRecord"));
        }
    }

    @Test
    void anImageRecordWithoutAnIdOrWithAnEmptyOneIsADeadLetter() throws IOException {
        // the same record as written by a schema that lacks the id field
        Schema full = ImageRecord.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : full.getFields()) {
            if (!f.name().equals("id")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema noId = Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
        GenericRecord withoutId = new GenericData.Record(noId);
        withoutId.put("source", "shapes");
        withoutId.put("bytes", ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        withoutId.put("format", "png");
        withoutId.put("label", List.of(3L));
        withoutId.put("attributes", Map.of("place", "water"));
        withoutId.put("eventTime", 5L);
        withoutId.put("index", 7L);
        // its image bytes land in a string field, where they are not UTF-8
        String reason = refused(generic(withoutId));
        assertTrue(reason.contains("is not an ImageRecord: field source is not UTF-8 text"), reason);

        assertTrue(refused(AvroBinary.write(image(""))).contains("is an ImageRecord with an empty id"));
        assertTrue(refused(AvroBinary.write(image("  "))).contains("is an ImageRecord with an empty id"));
    }

    @Test
    void bytesLeftOverAfterAWholeRecordAreADeadLetter() {
        byte[] one = AvroBinary.write(image("img-1"));
        byte[] longer = Arrays.copyOf(one, one.length + 3);
        assertTrue(refused(longer).contains("3 bytes are left over after one whole ImageRecord"));
    }

    @Test
    void aLengthClaimingMoreThanTheValueHoldsAllocatesNothing() throws IOException {
        // 14 bytes that claim a label list of 2^31 - 9 elements: Avro's reader allocates that array (8 GiB, an
        // OutOfMemoryError in this 3 GiB test JVM) before it reaches the end of the bytes
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        e.writeString("x");
        e.writeString("s");
        e.writeBytes(new byte[0]);
        e.writeString("png");
        e.writeArrayStart();
        e.setItemCount(Integer.MAX_VALUE - 8);
        e.flush();
        String reason = refused(out.toByteArray());
        assertTrue(reason.contains("field label claims 2147483639 items in the 0 bytes left"), reason);

        // and a 2 GiB image claimed in 9 bytes
        out.reset();
        e.writeString("x");
        e.writeString("s");
        e.writeLong(Integer.MAX_VALUE - 8);
        e.flush();
        assertTrue(refused(out.toByteArray()).contains("the bytes end inside the record"));
    }

    @Test
    void itTravelsToTheTaskManagersAndProducesFlinksAvroTypes() throws Exception {
        DeadLetteringDeserializer<ImageRecord> copy = InstantiationUtil.clone(deserializer);
        ImageRecord image = image("img-2");
        assertEquals(image, copy.read(record(null, AvroBinary.write(image))).left());
        EitherTypeInfo<?, ?> type = assertInstanceOf(EitherTypeInfo.class, copy.getProducedType());
        assertInstanceOf(AvroTypeInfo.class, type.getLeftType());
        assertInstanceOf(AvroTypeInfo.class, type.getRightType());
    }

    private static byte[] generic(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, e);
        e.flush();
        return out.toByteArray();
    }
}
