package io.clipdecomp.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

/** Records between Flink operators and in state use Flink's Avro serializer, not a Kryo fallback. */
class AvroTypeInfoTest {

    @Test
    void everyTopicRecordGetsAvroTypeInfo() {
        for (Topic<?> topic : Topics.all()) {
            TypeInformation<?> info = TypeInformation.of(topic.valueClass());
            assertInstanceOf(AvroTypeInfo.class, info, topic.toString());
            assertInstanceOf(AvroSerializer.class, info.createSerializer(new SerializerConfigImpl()), topic.toString());
        }
    }

    @Test
    void flinksSerializerCarriesTensorsTimestampsAndOptionalFields() throws Exception {
        ImageDecomposition d = ImageDecomposition.newBuilder().setId("a").setIndex(3).setModel("m").setDataset("s")
                .setLabel(List.of(1L)).setEmbedding(FloatTensors.pack(new float[] {1f, -1f}, 2)).setEmbeddingNorm(1.5f)
                .setHeads(FloatTensors.pack(new float[] {0.5f}, 1, 1, 1))
                .setMlps(FloatTensors.pack(new float[] {2f, 3f}, 1, 2))
                .setClsAttn(FloatTensors.pack(new float[] {4f}, 1, 1))
                .setEventTime(Instant.ofEpochMilli(1234)).build();
        ImageDecomposition back = roundTrip(d);
        assertEquals(d, back);
        assertEquals(Instant.ofEpochMilli(1234), back.getEventTime());
        assertArrayEquals(new float[] {2f, 3f}, FloatTensors.unpack(back.getMlps()));
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTrip(T record) throws Exception {
        TypeSerializer<T> serializer = (TypeSerializer<T>) TypeInformation.of(record.getClass())
                .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(record, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
