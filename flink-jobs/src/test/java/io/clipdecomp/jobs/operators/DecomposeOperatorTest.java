package io.clipdecomp.jobs.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.core.model.DjlRuntime;
import io.clipdecomp.jobs.JobFixtures;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The micro-batching decomposition operator in a test harness: when batches flush, what they emit, dead letters. */
@SuppressWarnings("try") // Flink's test harnesses declare close() throws Exception
class DecomposeOperatorTest {
    private static final int IMAGES = 5;
    /** Long enough that no flush in a test comes from the timer unless the test moves processing time. */
    private static final long NEVER = 1_000_000;

    @TempDir
    static Path shared;
    private static Path model;
    private static JobFixtures.Reference reference;
    private static final List<float[]> PIXELS = new ArrayList<>();

    @BeforeAll
    static void modelAndImages() throws Exception {
        model = JobFixtures.model(shared.resolve("tiny"));
        reference = new JobFixtures.Reference(model);
        for (int i = 0; i < IMAGES; i++) {
            PIXELS.add(JobFixtures.pixels(JobFixtures.shapePng(3, i)));
        }
    }

    @AfterAll
    static void closeReference() {
        reference.close();
    }

    private static OneInputStreamOperatorTestHarness<PreparedImage, ImageDecomposition> open(int batchSize,
            long flushMillis) throws Exception {
        OneInputStreamOperatorTestHarness<PreparedImage, ImageDecomposition> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new DecomposeOperator(JobFixtures.settings(model, batchSize, flushMillis)));
        harness.open();
        return harness;
    }

    private static PreparedImage image(int i) {
        return new PreparedImage("img-" + i, i, "shapes", List.of((long) (i % 3), 7L), PIXELS.get(i), 5000L + i);
    }

    private static void push(OneInputStreamOperatorTestHarness<PreparedImage, ImageDecomposition> harness, int i)
            throws Exception {
        harness.processElement(image(i), 100L + i);
    }

    private static int buffered(OneInputStreamOperatorTestHarness<PreparedImage, ImageDecomposition> harness) {
        return ((DecomposeOperator) harness.getOneInputOperator()).buffered();
    }

    /** Asserts that the outputs are images {@code ids}, in this order, each the core's result and carrying its fields. */
    private static void assertOutputs(List<StreamRecord<? extends ImageDecomposition>> out, int... ids) {
        assertEquals(ids.length, out.size(), "outputs");
        for (int k = 0; k < ids.length; k++) {
            int i = ids[k];
            ImageDecomposition d = out.get(k).getValue();
            assertEquals("img-" + i, d.getId());
            assertEquals(i, d.getIndex());
            assertEquals(List.of((long) (i % 3), 7L), d.getLabel());
            assertEquals("shapes", d.getDataset());
            assertEquals("tiny", d.getModel());
            assertEquals(Instant.ofEpochMilli(5000L + i), d.getEventTime());
            assertEquals(100L + i, out.get(k).getTimestamp(), "record timestamp kept");
            assertNull(d.getTokenTerms(), "no per-token terms unless asked for");
            JobFixtures.assertSameTerms(reference.decompose(PIXELS.get(i)), d);
        }
    }

    @Test
    void gpuOnAMachineWithoutOneFailsAsTheModelOpensWithTheEnginesMessage() throws Exception {
        assumeTrue(DjlRuntime.visibleGpus() == 0, "this machine's libtorch sees a GPU");
        // Flink's GPU driver gave this TaskManager GPU 1: a CPU-only libtorch still cannot open it
        ExternalResourceInfo gpu = new ExternalResourceInfo() {
            @Override
            public Optional<String> getProperty(String key) {
                return key.equals(DeviceAssignment.INDEX) ? Optional.of("1") : Optional.empty();
            }

            @Override
            public Collection<String> getKeys() {
                return List.of(DeviceAssignment.INDEX);
            }
        };
        MockEnvironment env = new MockEnvironmentBuilder().setParallelism(2).setMaxParallelism(2).setSubtaskIndex(1)
                .setExternalResourceInfoProvider(name -> name.equals(DeviceAssignment.RESOURCE) ? Set.of(gpu)
                        : Set.of()).build();
        DecomposeSettings settings = new DecomposeSettings(model.toString(), "tiny", "gpu", 1, 2, NEVER, false, null);
        try (env) {
            var harness = new OneInputStreamOperatorTestHarness<PreparedImage, ImageDecomposition>(
                    new DecomposeOperator(settings), env);
            IllegalStateException e = assertThrows(IllegalStateException.class, harness::open);
            assertTrue(e.getMessage().startsWith("--device gpu: the PyTorch engine sees 0 GPU(s). This build "
                    + "bundles the CPU libtorch"), e.getMessage());
            assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
            // as Flink ends a task whose open failed: close, not the harness's finish
            harness.getOneInputOperator().close();
        }
    }

    @Test
    void nothingIsEmittedUntilTheBatchIsFullThenTheWholeBatch() throws Exception {
        try (var harness = open(3, NEVER)) {
            push(harness, 0); // its flush timer is due at NEVER
            push(harness, 1);
            assertEquals(0, harness.extractOutputValues().size(), "a batch of 3 holds 2 images back");
            assertEquals(2, buffered(harness));
            harness.setProcessingTime(NEVER / 2);
            push(harness, 2);
            assertOutputs(harness.extractOutputStreamRecords(), 0, 1, 2);
            assertEquals(0, buffered(harness));
            push(harness, 3); // due at NEVER * 3 / 2
            // the full batch cancelled the first timer: when it would have been due, image 3 still waits
            harness.setProcessingTime(NEVER);
            assertEquals(3, harness.extractOutputValues().size(), "image 3 waits for its own batch or timer");
            assertEquals(1, buffered(harness));
            harness.setProcessingTime(NEVER * 3 / 2);
            assertOutputs(harness.extractOutputStreamRecords(), 0, 1, 2, 3);
        }
    }

    @Test
    void aPartialBatchIsFlushedWhenItsOldestImageHasWaitedFlushMillis() throws Exception {
        try (var harness = open(4, 50)) {
            harness.setProcessingTime(1000);
            push(harness, 0);
            harness.setProcessingTime(1020);
            push(harness, 1);
            harness.setProcessingTime(1049);
            assertEquals(0, harness.extractOutputValues().size(), "49 ms after the first image");
            harness.setProcessingTime(1050);
            assertOutputs(harness.extractOutputStreamRecords(), 0, 1);
            assertEquals(0, buffered(harness));
            // the next partial batch gets a timer of its own
            push(harness, 2);
            harness.setProcessingTime(1099);
            assertEquals(2, harness.extractOutputValues().size());
            harness.setProcessingTime(1100);
            assertOutputs(harness.extractOutputStreamRecords(), 0, 1, 2);
        }
    }

    @Test
    void aPartialBatchIsFlushedBeforeTheCheckpointBarrier() throws Exception {
        try (var harness = open(4, NEVER)) {
            push(harness, 3);
            push(harness, 4);
            harness.prepareSnapshotPreBarrier(1);
            assertOutputs(harness.extractOutputStreamRecords(), 3, 4);
            assertEquals(0, buffered(harness), "nothing left for the snapshot to miss");
            harness.snapshot(1, 2000);
        }
    }

    @Test
    void aPartialBatchIsFlushedAtTheEndOfInput() throws Exception {
        var harness = open(4, NEVER);
        push(harness, 1);
        push(harness, 4);
        harness.endInput();
        // the harness finishes the operator (end of input), then closes it
        harness.close();
        assertOutputs(harness.extractOutputStreamRecords(), 1, 4);
    }

    @Test
    void aWatermarkWaitsForTheBatchOfTheImagesBeforeIt() throws Exception {
        try (var harness = open(3, NEVER)) {
            harness.processWatermark(50);
            assertEquals(List.of(new Watermark(50)), new ArrayList<>(harness.getOutput()), "nothing buffered: passes");
            push(harness, 0);
            harness.processWatermark(100);
            push(harness, 1);
            harness.processWatermark(101);
            assertEquals(1, harness.getOutput().size(), "watermarks 100 and 101 wait behind images 0 and 1");
            assertEquals(2, buffered(harness), "the batch is not cut short");
            push(harness, 2);
            List<Object> out = new ArrayList<>(harness.getOutput());
            assertEquals(5, out.size(), "watermark, three images, the latest held watermark: " + out);
            assertEquals(new Watermark(101), out.get(4));
            assertOutputs(harness.extractOutputStreamRecords(), 0, 1, 2);
        }
    }

    @Test
    void aPartialBatchIsFlushedBeforeTheEndOfInputWatermarkPassesOn() throws Exception {
        try (var harness = open(4, NEVER)) {
            push(harness, 0);
            push(harness, 2);
            harness.processWatermark(Long.MAX_VALUE);
            // the end-of-input watermark fires the final running means downstream: the images must come first
            List<Object> out = new ArrayList<>(harness.getOutput());
            assertEquals(3, out.size(), "two images and the watermark: " + out);
            assertEquals(new Watermark(Long.MAX_VALUE), out.get(2));
            assertOutputs(harness.extractOutputStreamRecords(), 0, 2);
            assertEquals(0, buffered(harness));
        }
    }

    @Test
    void anImageTheModelCannotTakeIsDeadLetteredAndTheBatchFillsWithoutIt() throws Exception {
        try (var harness = open(3, NEVER)) {
            push(harness, 0);
            harness.processElement(new PreparedImage("bad", 42, "shapes", List.of(), new float[10], 9000L), 50L);
            push(harness, 2);
            assertEquals(2, buffered(harness), "the bad image takes no place in the batch");
            push(harness, 3);
            assertOutputs(harness.extractOutputStreamRecords(), 0, 2, 3);
            List<DeadLetter> letters = new ArrayList<>();
            harness.getSideOutput(DeadLetters.TAG).forEach(r -> letters.add(r.getValue()));
            assertEquals(1, letters.size(), "dead letters");
            DeadLetter letter = letters.get(0);
            assertEquals("bad", letter.getRecordId());
            assertEquals(42, letter.getIndex());
            assertEquals("shapes", letter.getSource());
            assertEquals(DeadLetters.DECOMPOSE, letter.getStage());
            assertEquals(40, letter.getPayloadSize(), "10 floats");
            assertEquals(Instant.ofEpochMilli(9000L), letter.getEventTime());
            assertTrue(letter.getReason().contains("10 values"), letter.getReason());
        }
    }

    @Test
    void anImageWithNonFinitePixelsIsDeadLetteredBeforeItsBatch() throws Exception {
        try (var harness = open(2, NEVER)) {
            float[] nan = PIXELS.get(1).clone();
            nan[7] = Float.NaN;
            harness.processElement(new PreparedImage("nan", 1, "shapes", List.of(), nan, 9000L), 50L);
            assertEquals(0, buffered(harness), "it never joins a batch");
            List<DeadLetter> letters = new ArrayList<>();
            harness.getSideOutput(DeadLetters.TAG).forEach(r -> letters.add(r.getValue()));
            assertEquals(1, letters.size());
            assertEquals("pixel value 7 is NaN; the model takes finite values only", letters.get(0).getReason());
        }
    }

    @Test
    void aBatchThatFailsFailsTheTaskAndDeadLettersNothing() throws Exception {
        DecomposeOperator failing = new DecomposeOperator(JobFixtures.settings(model, 2, NEVER)) {
            @Override
            protected List<io.clipdecomp.core.decompose.ImageDecomposition> runModel(List<float[]> pixels) {
                throw new IllegalStateException("engine error: native memory exhausted");
            }
        };
        try (var harness = new OneInputStreamOperatorTestHarness<PreparedImage, ImageDecomposition>(failing)) {
            harness.open();
            push(harness, 0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> push(harness, 1));
            assertEquals("engine error: native memory exhausted", e.getMessage());
            assertTrue(harness.getSideOutput(DeadLetters.TAG) == null || harness.getSideOutput(DeadLetters.TAG).isEmpty(),
                    "a failure that is not about one image makes no dead letters");
            assertEquals(0, harness.extractOutputStreamRecords().size());
        }
    }
}
