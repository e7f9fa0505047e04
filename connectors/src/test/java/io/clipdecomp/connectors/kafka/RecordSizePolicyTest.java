package io.clipdecomp.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.junit.jupiter.api.Test;

class RecordSizePolicyTest {

    @Test
    void measuresAvroBinarySizeOfAHandCountedRecord() {
        DeadLetter d = DeadLetter.newBuilder().setRecordId("a").setSource("s").setStage("size").setReason("r")
                .setEventTime(Instant.ofEpochMilli(1000)).build();
        // "a": len+1=2, index -1: zigzag 1 = 1, "s": 2, "size": 5, "r": 2, 1000 ms: zigzag 2000 = 2 varint bytes,
        // payloadSize 0: 1, topic null: union branch 0 = 1, partition -1: 1, offset -1: 1
        assertEquals(18, RecordSizePolicy.serializedSize(d));
    }

    @Test
    void measuresWhatFlinksAvroSerializerWrites() throws Exception {
        ImageRecord big = ImageRecord.newBuilder().setId("big").setSource("test")
                .setBytes(ByteBuffer.wrap(new byte[300_000])).setFormat("png").setLabel(List.of(1L, 2L))
                .setAttributes(Map.of("k", "v")).setEventTime(Instant.ofEpochMilli(123_456_789L)).setIndex(5).build();
        AvroSerializationSchema<ImageRecord> flink = AvroSerializationSchema.forSpecific(ImageRecord.class);
        flink.open(null);
        assertEquals(flink.serialize(big).length, RecordSizePolicy.serializedSize(big));
    }

    @Test
    void admitsUpToTheLimitInclusive() {
        RecordSizePolicy p = RecordSizePolicy.ofMaxRecordBytes(2048);
        assertTrue(p.admits(2048));
        assertFalse(p.admits(2049));
        assertEquals("record value is 2049 bytes, over the limit of 2048 bytes", p.rejectionReason(2049));

        ImageRecord small = ImageRecord.newBuilder().setId("x").setSource("s").setBytes(ByteBuffer.allocate(1000))
                .setFormat("png").setEventTime(Instant.EPOCH).build();
        ImageRecord large = ImageRecord.newBuilder(small).setBytes(ByteBuffer.allocate(3000)).build();
        assertTrue(p.admits(small));
        assertFalse(p.admits(large));
    }

    @Test
    void everyKafkaLimitFitsTheLargestAdmittedRecord() {
        RecordSizePolicy p = RecordSizePolicy.DEFAULT;
        assertEquals(8 * 1024 * 1024, p.maxRecordBytes());
        int message = p.maxRecordBytes() + 64 * 1024;
        assertEquals(Integer.toString(message), p.topicConfigs().get("max.message.bytes"));
        assertEquals(Integer.toString(message), p.brokerProperties().get("message.max.bytes"));
        assertEquals(Integer.toString(message), p.producerProperties().get("max.request.size"));
        assertEquals(Integer.toString(message), p.consumerProperties().get("max.partition.fetch.bytes"));
        assertTrue(Long.parseLong(p.consumerProperties().get("fetch.max.bytes")) >= message);
        assertTrue(Long.parseLong(p.producerProperties().get("buffer.memory")) >= message);
        assertTrue(Long.parseLong(p.brokerProperties().get("socket.request.max.bytes")) >= message);

        RecordSizePolicy huge = RecordSizePolicy.ofMaxRecordBytes(100 * 1024 * 1024);
        assertTrue(Long.parseLong(huge.consumerProperties().get("fetch.max.bytes")) >= huge.maxMessageBytes());
        assertTrue(Long.parseLong(huge.brokerProperties().get("socket.request.max.bytes")) >= huge.maxMessageBytes());
    }

    @Test
    void rejectsUnreasonableLimits() {
        assertThrows(IllegalArgumentException.class, () -> RecordSizePolicy.ofMaxRecordBytes(0));
        assertThrows(IllegalArgumentException.class, () -> RecordSizePolicy.ofMaxRecordBytes(1023));
        assertThrows(IllegalArgumentException.class, () -> RecordSizePolicy.ofMaxRecordBytes(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> RecordSizePolicy.serializedSize(null));
    }
}
