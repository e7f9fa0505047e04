package io.clipdecomp.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/** DeadLetter gained the Kafka coordinates of the rejected record; data of the first version still reads. */
class DeadLetterEvolutionTest {
    /** DeadLetter.avsc as first released, before topic, partition and offset. */
    private static final String FIRST_VERSION = """
            {"type": "record", "name": "DeadLetter", "namespace": "io.clipdecomp.schemas", "fields": [
              {"name": "recordId", "type": "string"},
              {"name": "index", "type": "long", "default": -1},
              {"name": "source", "type": "string"},
              {"name": "stage", "type": "string"},
              {"name": "reason", "type": "string"},
              {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "payloadSize", "type": "int", "default": 0}]}""";

    @Test
    void firstVersionDataReadsWithUnknownKafkaCoordinates() throws IOException {
        Schema first = new Schema.Parser().parse(FIRST_VERSION);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, SchemaCompatibility
                .checkReaderWriterCompatibility(DeadLetter.getClassSchema(), first).getType(), "new reads old");
        assertEquals(SchemaCompatibilityType.COMPATIBLE, SchemaCompatibility
                .checkReaderWriterCompatibility(first, DeadLetter.getClassSchema()).getType(), "old reads new");

        GenericRecord old = new GenericData.Record(first);
        old.put("recordId", "img-9");
        old.put("index", 9L);
        old.put("source", "shapes");
        old.put("stage", "decode");
        old.put("reason", "not a PNG");
        old.put("eventTime", 1_000L);
        old.put("payloadSize", 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(first).write(old, enc);
        enc.flush();

        DeadLetter read = new SpecificDatumReader<DeadLetter>(first, DeadLetter.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals("img-9", read.getRecordId());
        assertEquals("not a PNG", read.getReason());
        assertNull(read.getTopic());
        assertEquals(-1, read.getPartition());
        assertEquals(-1L, read.getOffset());
    }
}
