package io.clipdecomp.jobs.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** Values a Kafka source read go on, in order; the records it could not read go to the dead letters, unchanged. */
@SuppressWarnings("try") // Flink's test harnesses declare close() throws Exception
class DeadLetterSplitTest {

    @Test
    void valuesGoOnAndUnreadableRecordsBecomeDeadLetters() throws Exception {
        ImageRecord first = image("img-1");
        ImageRecord second = image("img-2");
        DeadLetter unreadable = DeadLetters.ofKafkaRecord("t", 1, 7, "value at t-1@7 (0 bytes) is empty", 99, 0);
        try (OneInputStreamOperatorTestHarness<Either<ImageRecord, DeadLetter>, ImageRecord> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new DeadLetterSplit<>(ImageRecord.class))) {
            h.processElement(Either.Left(first), 1);
            h.processElement(Either.Right(unreadable), 2);
            h.processElement(Either.Left(second), 3);
            assertEquals(List.of(first, second), h.extractOutputValues());
            List<DeadLetter> letters = new ArrayList<>();
            h.getSideOutput(DeadLetters.TAG).forEach(r -> letters.add(r.getValue()));
            assertEquals(List.of(unreadable), letters);
        }
    }

    private static ImageRecord image(String id) {
        return ImageRecord.newBuilder().setId(id).setSource("s").setBytes(ByteBuffer.wrap(new byte[] {1}))
                .setFormat("png").setEventTime(Instant.ofEpochMilli(5)).build();
    }
}
