package io.clipdecomp.jobs.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The size gate before the decompositions topic: per-token terms dropped, oversized records dead-lettered. */
@SuppressWarnings("try") // Flink's test harnesses declare close() throws Exception
class KafkaSizeGateTest {
    private static final RecordSizePolicy ONE_KIB = RecordSizePolicy.ofMaxRecordBytes(1024);

    private static ImageDecomposition decomposition(String id, int tokenFloats, int scoreFloats) {
        ImageDecomposition.Builder b = ImageDecomposition.newBuilder().setId(id).setIndex(4).setModel("tiny")
                .setDataset("shapes").setLabel(List.of(2L)).setEmbedding(FloatTensors.pack(new float[8], 8))
                .setEmbeddingNorm(1f).setHeads(FloatTensors.pack(new float[8], 1, 1, 8))
                .setMlps(FloatTensors.pack(new float[16], 2, 8)).setClsAttn(FloatTensors.pack(new float[8], 1, 8))
                .setEventTime(Instant.ofEpochMilli(123));
        if (tokenFloats > 0) {
            b.setTokenTerms(FloatTensors.pack(new float[tokenFloats], 1, 1, 1, tokenFloats));
        }
        if (scoreFloats > 0) {
            b.setPatchScores(FloatTensors.pack(new float[scoreFloats], 1, 1, 1, scoreFloats));
        }
        return b.build();
    }

    /** Avro binary size, written here with Avro's own writer. */
    private static int avroBytes(ImageDecomposition d) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(ImageDecomposition.class).write(d, encoder);
        encoder.flush();
        return bytes.size();
    }

    private static OneInputStreamOperatorTestHarness<ImageDecomposition, ImageDecomposition> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new KafkaSizeGate(ONE_KIB));
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<ImageDecomposition, ?> h) {
        List<DeadLetter> letters = new ArrayList<>();
        if (h.getSideOutput(DeadLetters.TAG) != null) {
            h.getSideOutput(DeadLetters.TAG).forEach(r -> letters.add(r.getValue()));
        }
        return letters;
    }

    @Test
    void perTokenTermsNeverTravelAndWhatFitsPasses() throws Exception {
        ImageDecomposition withTokens = decomposition("a", 2000, 0);
        assertTrue(avroBytes(withTokens) > 1024, "too large with its per-token terms");
        try (var h = harness()) {
            h.processElement(withTokens, 0);
            List<ImageDecomposition> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertNull(out.get(0).getTokenTerms());
            assertEquals(ImageDecomposition.newBuilder(withTokens).setTokenTerms(null).build(), out.get(0));
            assertTrue(deadLetters(h).isEmpty());
        }
    }

    @Test
    void aRecordStillTooLargeIsDeadLetteredWithItsSize() throws Exception {
        ImageDecomposition scored = decomposition("b", 500, 300);
        int size = avroBytes(ImageDecomposition.newBuilder(scored).setTokenTerms(null).build());
        assertTrue(size > 1024, "too large without per-token terms: " + size);
        try (var h = harness()) {
            h.processElement(scored, 0);
            assertTrue(h.extractOutputValues().isEmpty());
            List<DeadLetter> letters = deadLetters(h);
            assertEquals(1, letters.size());
            DeadLetter letter = letters.get(0);
            assertEquals("b", letter.getRecordId());
            assertEquals(4, letter.getIndex());
            assertEquals("shapes", letter.getSource());
            assertEquals(DeadLetters.SIZE, letter.getStage());
            assertEquals(size, letter.getPayloadSize());
            assertEquals(Instant.ofEpochMilli(123), letter.getEventTime());
            assertTrue(letter.getReason().contains(size + " bytes") && letter.getReason().contains("1024"),
                    letter.getReason());
        }
    }
}
