package io.clipdecomp.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroRecordsTest {

    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_123L);

    static ImageRecord image() {
        return ImageRecord.newBuilder()
                .setId("img-1")
                .setSource("shapes")
                .setBytes(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                .setFormat("png")
                .setLabel(List.of(3L, 7L))
                .setAttributes(Map.of("place", "water"))
                .setEventTime(T0)
                .setIndex(42L)
                .build();
    }

    static ImageDecomposition decomposition() {
        return ImageDecomposition.newBuilder()
                .setId("img-1")
                .setIndex(42L)
                .setModel("shapes-tiny")
                .setDataset("shapes")
                .setLabel(List.of(3L))
                .setEmbedding(FloatTensors.pack(new float[] {1f, 2f}, 2))
                .setEmbeddingNorm(2.236068f)
                .setHeads(FloatTensors.pack(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f}, 2, 2, 2))
                .setMlps(FloatTensors.pack(new float[] {0f, 1f, 2f, 3f, 4f, 5f}, 3, 2))
                .setClsAttn(FloatTensors.pack(new float[] {9f, 8f, 7f, 6f}, 2, 2))
                .setPatchScores(FloatTensors.pack(new float[] {0.25f, -0.25f}, 1, 2, 1, 1))
                .setEventTime(T0)
                .setProcessingMillis(12L)
                .build();
    }

    static ComponentMeans means() {
        return ComponentMeans.newBuilder()
                .setModel("shapes-tiny")
                .setDataset("shapes")
                .setCount(10L)
                .setHeads(FloatTensors.pack(new float[] {0.5f, 0.5f}, 1, 1, 2))
                .setMlps(FloatTensors.pack(new float[] {1f, 1f, 1f, 1f}, 2, 2))
                .setClsAttn(FloatTensors.pack(new float[] {2f, 2f}, 1, 2))
                .setEmittedAt(T0)
                .setIsFinal(true)
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setRecordId("img-9")
                .setIndex(9L)
                .setSource("shapes")
                .setStage("decode")
                .setReason("not a PNG")
                .setEventTime(T0)
                .setPayloadSize(4)
                .build();
    }

    static TextSpanResult textSpan() {
        return TextSpanResult.newBuilder()
                .setModel("shapes-tiny").setDataset("shapes").setLayer(3).setHead(1).setImages(500L)
                .setIndices(List.of(4, 0, 9)).setTexts(List.of("a red circle", "water", "a small shape"))
                .setVarianceShares(List.of(0.5, 0.2, 0.05)).setTextSet("shapes_descriptions")
                .setEmittedAt(T0).setIsFinal(true)
                .build();
    }

    static AblationReport ablation() {
        return AblationReport.newBuilder()
                .setModel("shapes-tiny").setDataset("shapes").setImages(300L).setBaseline(90.0).setMlps(88.5)
                .setCls(89.0).setMlpsAndCls(87.25).setAttentionLayers(List.of(90.0, 90.0, 85.5))
                .setEmittedAt(T0).build();
    }

    static SpuriousCueReport spurious() {
        Map<String, Double> baseline = new java.util.LinkedHashMap<>();
        baseline.put("(0, 0)", 91.5);
        baseline.put("(0, 1)", null);
        baseline.put("full", 80.25);
        return SpuriousCueReport.newBuilder()
                .setModel("shapes-tiny").setDataset("binary_waterbirds").setImages(40L).setHeads(List.of("3.2", "3.3"))
                .setBaseline(baseline).setReplaced(Map.of("full", 82.0)).setEmittedAt(T0).setIsFinal(true)
                .build();
    }

    static SegmentationResult segmentation() {
        return SegmentationResult.newBuilder().setId("img-1").setIndex(3L).setModel("shapes-tiny").setDataset("s")
                .setPredictedClass(2).setMask(ByteBuffer.wrap(new byte[] {1, 2})).setHeatmap(ByteBuffer.wrap(new byte[] {3}))
                .setScored(true).setCorrect(10L).setLabeled(16L).setIntersection(List.of(4L, 6L))
                .setUnion(List.of(8L, 8L)).setAveragePrecision(0.75).setImages(1L).setRunningPixelAccuracy(0.625)
                .setRunningMeanIoU(0.625).setRunningMeanAP(0.75).setEventTime(T0).build();
    }

    static Stream<SpecificRecord> records() {
        return Stream.of(image(), decomposition(), means(), deadLetter(), textSpan(), ablation(), spurious(),
                segmentation(),
                FloatTensors.pack(new float[] {1f}, 1));
    }

    @ParameterizedTest
    @MethodSource("records")
    void specificRoundTripGivesAnEqualRecord(SpecificRecord record) throws IOException {
        byte[] bytes = write(record);
        SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(record.getSchema());
        SpecificRecord back = reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        assertEquals(record, back);
    }

    @Test
    void imageRecordFieldsSurviveAsWritten() throws IOException {
        GenericRecord g = readGeneric(write(image()), ImageRecord.getClassSchema());
        assertEquals("img-1", g.get("id").toString());
        assertEquals("shapes", g.get("source").toString());
        assertEquals(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}), g.get("bytes"));
        assertEquals("png", g.get("format").toString());
        assertEquals(List.of(3L, 7L), new ArrayList<>((List<?>) g.get("label")));
        assertEquals("water", ((Map<?, ?>) g.get("attributes")).entrySet().iterator().next().getValue().toString());
        // timestamp-millis is stored as epoch milliseconds
        assertEquals(1_700_000_000_123L, g.get("eventTime"));
        assertEquals(42L, g.get("index"));
    }

    @Test
    void decompositionTensorsSurviveAsWritten() throws IOException {
        ImageDecomposition back = readSpecific(write(decomposition()), ImageDecomposition.class);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f}, FloatTensors.unpack(back.getHeads()));
        assertArrayEquals(new int[] {2, 2, 2}, FloatTensors.shape(back.getHeads()));
        assertArrayEquals(new int[] {1, 2, 1, 1}, FloatTensors.shape(back.getPatchScores()));
        assertEquals(T0, back.getEventTime());
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        ImageRecord image = ImageRecord.newBuilder().setId("a").setSource("s").setBytes(ByteBuffer.allocate(0))
                .setFormat("png").setEventTime(T0).build();
        assertEquals(List.of(), image.getLabel());
        assertEquals(Map.of(), image.getAttributes());
        assertEquals(-1L, image.getIndex());

        FloatTensor one = FloatTensors.pack(new float[] {1f}, 1);
        ImageDecomposition d = ImageDecomposition.newBuilder().setId("a").setModel("m").setDataset("s")
                .setEmbedding(one).setEmbeddingNorm(1f).setHeads(one).setMlps(one).setClsAttn(one)
                .setEventTime(T0).build();
        assertEquals(-1L, d.getIndex());
        assertEquals(List.of(), d.getLabel());
        assertNull(d.getPatchScores());
        assertEquals(0L, d.getProcessingMillis());

        ComponentMeans m = ComponentMeans.newBuilder().setModel("m").setDataset("s").setCount(0).setHeads(one)
                .setMlps(one).setClsAttn(one).setEmittedAt(T0).build();
        assertFalse(m.getIsFinal());

        DeadLetter dl = DeadLetter.newBuilder().setRecordId("a").setSource("s").setStage("size").setReason("r")
                .setEventTime(T0).build();
        assertEquals(-1L, dl.getIndex());
        assertEquals(0, dl.getPayloadSize());
    }

    @Test
    void onlyTheContractsRequiredFieldsLackDefaults() {
        assertEquals(Set.of("id", "source", "bytes", "format", "eventTime"), fieldsWithoutDefault(ImageRecord.getClassSchema()));
        assertEquals(Set.of("id", "model", "dataset", "embedding", "embeddingNorm", "heads", "mlps", "clsAttn", "eventTime"),
                fieldsWithoutDefault(ImageDecomposition.getClassSchema()));
        assertEquals(Set.of("model", "dataset", "count", "heads", "mlps", "clsAttn", "emittedAt"),
                fieldsWithoutDefault(ComponentMeans.getClassSchema()));
        assertEquals(Set.of("recordId", "source", "stage", "reason", "eventTime"),
                fieldsWithoutDefault(DeadLetter.getClassSchema()));
        assertEquals(Set.of("model", "dataset", "layer", "head", "images", "emittedAt"),
                fieldsWithoutDefault(TextSpanResult.getClassSchema()));
        assertEquals(Set.of("model", "dataset", "images", "baseline", "mlps", "cls", "mlpsAndCls", "emittedAt"),
                fieldsWithoutDefault(AblationReport.getClassSchema()));
        assertEquals(Set.of("model", "dataset", "images", "emittedAt"),
                fieldsWithoutDefault(SpuriousCueReport.getClassSchema()));
        assertEquals(Set.of("id", "model", "dataset", "predictedClass", "mask", "heatmap", "eventTime"),
                fieldsWithoutDefault(SegmentationResult.getClassSchema()));
    }

    @ParameterizedTest
    @MethodSource("records")
    void aReaderWithANewDefaultedFieldReadsOldData(SpecificRecord record) throws IOException {
        Schema old = record.getSchema();
        Schema evolved = withExtraField(old);
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(evolved, old).getType());
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(old, evolved).getType());

        GenericRecord read = new GenericDatumReader<GenericRecord>(old, evolved)
                .read(null, DecoderFactory.get().binaryDecoder(write(record), null));
        assertEquals("not-set", read.get("addedLater").toString());
        GenericRecord asOld = readGeneric(write(record), old);
        for (Schema.Field f : old.getFields()) {
            assertEquals(asOld.get(f.name()), read.get(f.name()), "field " + f.name());
        }
    }

    @Test
    void oldReadersSkipAFieldAddedLater() throws IOException {
        Schema evolved = withExtraField(DeadLetter.getClassSchema());
        GenericRecord newer = new GenericData.Record(evolved);
        newer.put("recordId", "r1");
        newer.put("index", 5L);
        newer.put("source", "s");
        newer.put("stage", "size");
        newer.put("reason", "too big");
        newer.put("eventTime", 1_000L);
        newer.put("payloadSize", 99);
        newer.put("partition", -1);
        newer.put("offset", -1L);
        newer.put("addedLater", "present");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(evolved).write(newer, enc);
        enc.flush();

        SpecificDatumReader<DeadLetter> reader = new SpecificDatumReader<>(evolved, DeadLetter.getClassSchema());
        DeadLetter old = reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals("r1", old.getRecordId());
        assertEquals(5L, old.getIndex());
        assertEquals("too big", old.getReason());
        assertEquals(Instant.ofEpochMilli(1_000L), old.getEventTime());
        assertEquals(99, old.getPayloadSize());
    }

    private static Schema withExtraField(Schema old) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : old.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("addedLater", Schema.create(Schema.Type.STRING), "added in a later version",
                "not-set"));
        return Schema.createRecord(old.getName(), old.getDoc(), old.getNamespace(), false, fields);
    }

    private static Set<String> fieldsWithoutDefault(Schema schema) {
        Set<String> names = new TreeSet<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.hasDefaultValue()) {
                names.add(f.name());
            }
        }
        return names;
    }

    private static byte[] write(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, enc);
        enc.flush();
        return out.toByteArray();
    }

    private static GenericRecord readGeneric(byte[] bytes, Schema schema) throws IOException {
        return new GenericDatumReader<GenericRecord>(schema).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    private static <T extends SpecificRecord> T readSpecific(byte[] bytes, Class<T> type) throws IOException {
        return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
