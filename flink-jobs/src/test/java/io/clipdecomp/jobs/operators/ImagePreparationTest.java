package io.clipdecomp.jobs.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clipdecomp.connectors.dataset.DatasetRecords;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.core.data.PixelsCodec;
import io.clipdecomp.core.preprocess.DecodeBudget;
import io.clipdecomp.core.preprocess.HostileImages;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.PngFiles;
import io.clipdecomp.jobs.JobFixtures;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Decoding and preprocessing in a harness: pixels as the core makes them, dead letters naming stage and record. */
@SuppressWarnings("try") // Flink's test harnesses declare close() throws Exception
class ImagePreparationTest {
    private static final int S = 16;
    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    /** What one refused image may allocate in all, garbage included, before it is dead-lettered. */
    private static final long REFUSAL_BOUND = 64L << 20;

    private static OneInputStreamOperatorTestHarness<ImageRecord, PreparedImage> harness(boolean failOnBadInput)
            throws Exception {
        return harness(ImageLimits.defaults(), failOnBadInput);
    }

    private static OneInputStreamOperatorTestHarness<ImageRecord, PreparedImage> harness(ImageLimits limits,
            boolean failOnBadInput) throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                new ImagePreparation(JobFixtures.preprocessor(), limits, failOnBadInput));
    }

    private static ImageRecord record(String id, long index, String format, byte[] bytes) {
        return ImageRecord.newBuilder().setId(id).setIndex(index).setSource("src").setFormat(format)
                .setBytes(ByteBuffer.wrap(bytes)).setLabel(List.of(index, 1L))
                .setEventTime(Instant.ofEpochMilli(777)).build();
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<ImageRecord, PreparedImage> h) {
        List<DeadLetter> letters = new ArrayList<>();
        if (h.getSideOutput(DeadLetters.TAG) != null) {
            h.getSideOutput(DeadLetters.TAG).forEach(r -> letters.add(r.getValue()));
        }
        return letters;
    }

    private static DeadLetter onlyDeadLetter(ImageRecord bad) throws Exception {
        try (var h = harness(false)) {
            h.processElement(bad, 0);
            assertEquals(0, h.extractOutputValues().size(), "nothing prepared from " + bad.getId());
            List<DeadLetter> letters = deadLetters(h);
            assertEquals(1, letters.size(), "dead letters");
            DeadLetter letter = letters.get(0);
            assertEquals(bad.getId(), letter.getRecordId());
            assertEquals(bad.getIndex(), letter.getIndex());
            assertEquals("src", letter.getSource());
            assertEquals(Instant.ofEpochMilli(777), letter.getEventTime());
            assertEquals(bad.getBytes().remaining(), letter.getPayloadSize());
            return letter;
        }
    }

    @Test
    void aPngBecomesThePreprocessedPixelsOfTheDecodedImage() throws Exception {
        byte[] png = JobFixtures.shapePng(4, 2);
        try (var h = harness(false)) {
            h.processElement(record("a", 2, "png", png), 0);
            List<PreparedImage> out = h.extractOutputValues();
            assertEquals(1, out.size());
            PreparedImage p = out.get(0);
            assertEquals("a", p.id);
            assertEquals(2, p.index);
            assertEquals("src", p.source);
            assertEquals(List.of(2L, 1L), p.label);
            assertEquals(777, p.eventTime);
            assertArrayEquals(JobFixtures.pixels(png), p.pixels);
            assertTrue(deadLetters(h).isEmpty());
        }
    }

    @Test
    void aSolidColourPngBecomesItsNormalisedColourEverywhere() throws Exception {
        // 24 x 40 of one colour: resizing and cropping keep it, so every pixel is (v / 255 - mean) / std by hand
        int[] rgb = {200, 30, 117};
        byte[] samples = new byte[24 * 40 * 3];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) rgb[i % 3];
        }
        byte[] png = PngFiles.encode(RasterImage.rgb(24, 40, samples));
        try (var h = harness(false)) {
            h.processElement(record("solid", 0, "png", png), 0);
            float[] pixels = h.extractOutputValues().get(0).pixels;
            assertEquals(3 * S * S, pixels.length);
            for (int c = 0; c < 3; c++) {
                float expected = (rgb[c] / 255f - MEAN[c]) / STD[c];
                for (int i = 0; i < S * S; i++) {
                    assertEquals(expected, pixels[c * S * S + i], 1e-6, "channel " + c + " pixel " + i);
                }
            }
        }
    }

    @Test
    void preprocessedPixelsPassThroughUnchanged() throws Exception {
        float[] chw = new float[3 * S * S];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (i % 17) * 0.25f - 2f;
        }
        try (var h = harness(false)) {
            h.processElement(record("px", 5, PixelsCodec.FORMAT, littleEndian(chw)), 0);
            assertArrayEquals(chw, h.extractOutputValues().get(0).pixels);
        }
    }

    @Test
    void corruptBytesAreDeadLetteredAtDecode() throws Exception {
        byte[] cut = Arrays.copyOf(JobFixtures.shapePng(4, 0), 40);
        DeadLetter letter = onlyDeadLetter(record("cut", 3, "png", cut));
        assertEquals(DeadLetters.DECODE, letter.getStage());
        assertFalse(letter.getReason().isBlank(), "a reason");
        DeadLetter garbage = onlyDeadLetter(record("garbage", 4, "unknown", new byte[] {1, 2, 3, 4, 5}));
        assertEquals(DeadLetters.DECODE, garbage.getStage());
    }

    @Test
    void anUnreadableFileIsDeadLetteredAtDecodeWithItsReadError() throws Exception {
        ImageRecord unreadable = ImageRecord.newBuilder(record("folder#9", 9, DatasetRecords.UNREADABLE_FORMAT,
                        new byte[0]))
                .setAttributes(Map.of(DatasetRecords.ERROR_ATTRIBUTE, "permission denied: cat/9.png")).build();
        DeadLetter letter = onlyDeadLetter(unreadable);
        assertEquals(DeadLetters.DECODE, letter.getStage());
        assertEquals("permission denied: cat/9.png", letter.getReason());
    }

    @Test
    void pixelsOfTheWrongSizeAreDeadLetteredAtPreprocess() throws Exception {
        DeadLetter shortRow = onlyDeadLetter(record("short", 6, PixelsCodec.FORMAT,
                littleEndian(new float[3 * S * S - 1])));
        assertEquals(DeadLetters.PREPROCESS, shortRow.getStage());
        assertTrue(shortRow.getReason().contains(Integer.toString(3 * S * S - 1))
                && shortRow.getReason().contains(Integer.toString(3 * S * S)), shortRow.getReason());
        DeadLetter ragged = onlyDeadLetter(record("ragged", 7, PixelsCodec.FORMAT, new byte[4 * 3 * S * S + 2]));
        assertEquals(DeadLetters.PREPROCESS, ragged.getStage());
        assertTrue(ragged.getReason().contains("whole number of floats"), ragged.getReason());
    }

    @Test
    void goodAndBadRecordsInterleavedEachGoTheirWay() throws Exception {
        try (var h = harness(false)) {
            h.processElement(record("g0", 0, "png", JobFixtures.shapePng(4, 0)), 0);
            h.processElement(record("b1", 1, "png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}), 0);
            h.processElement(record("g2", 2, "png", JobFixtures.shapePng(4, 2)), 0);
            assertEquals(List.of("g0", "g2"), h.extractOutputValues().stream().map(p -> p.id).toList());
            assertEquals(List.of("b1"), deadLetters(h).stream().map(DeadLetter::getRecordId).toList());
        }
    }

    @Test
    void hostileImagesAreDeadLetteredBeforeTheyAllocateAndTheStreamGoesOn() throws Exception {
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("forged.jpg", HostileImages.forgedJpeg(13000, 13000));
        hostile.put("bomb.png", HostileImages.deflateBombPng(13000, 13000, HostileImages.RGB, 8));
        hostile.put("strip.png", HostileImages.deflateBombPng(1, 5_000_000, HostileImages.RGB, 8));
        Map<String, String> reasons = Map.of("forged.jpg", "claims 13000x13000 pixels",
                "bomb.png", "more than the whole decode budget of 256 MiB", "strip.png", "aspect ratio is too extreme");
        ImageLimits limits = new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, 256L << 20);
        try (var h = harness(limits, false)) {
            long index = 0;
            for (Map.Entry<String, byte[]> image : hostile.entrySet()) {
                long before = HostileImages.allocatedByThisThread();
                h.processElement(record(image.getKey(), index++, "unknown", image.getValue()), 0);
                long allocated = HostileImages.allocatedByThisThread() - before;
                assertTrue(allocated < REFUSAL_BOUND, image.getKey() + " allocated " + allocated + " bytes");
            }
            h.processElement(record("good", index, "png", JobFixtures.shapePng(4, 1)), 0);
            assertEquals(List.of("good"), h.extractOutputValues().stream().map(p -> p.id).toList());
            List<DeadLetter> letters = deadLetters(h);
            assertEquals(List.copyOf(hostile.keySet()), letters.stream().map(DeadLetter::getRecordId).toList());
            for (DeadLetter letter : letters) {
                assertEquals(DeadLetters.DECODE, letter.getStage());
                assertTrue(letter.getReason().contains(reasons.get(letter.getRecordId())), letter.getReason());
            }
        }
    }

    @Test
    void aRecordOverTheByteLimitIsDeadLetteredUnread() throws Exception {
        byte[] png = JobFixtures.shapePng(4, 1);
        ImageLimits limits = new ImageLimits(png.length - 1, ImageLimits.DEFAULT_MAX_PIXELS, ImageLimits.HALF_THE_HEAP);
        try (var h = harness(limits, false)) {
            h.processElement(record("big", 0, "png", png), 0);
            DeadLetter letter = deadLetters(h).get(0);
            assertTrue(letter.getReason().contains(png.length + " bytes, over the limit of " + (png.length - 1)),
                    letter.getReason());
        }
    }

    @Test
    void runningOutOfMemoryDeadLettersThatImageByNameAndTheNextOneIsPrepared() throws Exception {
        // 22400^2 16-bit RGBA: the decoder's raster alone is one 4 GB array, more than the test JVM's heap
        assumeTrue(Runtime.getRuntime().maxMemory() < 3_900L << 20, "needs a heap smaller than the image");
        byte[] bomb = HostileImages.deflateBombPng(22400, 22400, HostileImages.RGBA, 16);
        ImageLimits roomy = new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.LARGEST_MAX_PIXELS,
                DecodeBudget.LARGEST_CAPACITY);
        try (var h = harness(roomy, false)) {
            h.processElement(record("huge.png", 0, "png", bomb), 0);
            h.processElement(record("next.png", 1, "png", JobFixtures.shapePng(4, 1)), 0);
            assertEquals(List.of("next.png"), h.extractOutputValues().stream().map(p -> p.id).toList());
            DeadLetter letter = deadLetters(h).get(0);
            assertEquals("huge.png", letter.getRecordId());
            assertTrue(letter.getReason().contains("ran out of memory"), letter.getReason());
        }
        assertEquals(0, DecodeBudget.shared(DecodeBudget.LARGEST_CAPACITY).inUseBytes(), "the lease is returned");
    }

    @Test
    void aLargeDecodeWaitsForTheBudgetItsJvmShares() throws Exception {
        long capacity = 96L << 20; // no other test uses this capacity, so the shared budget is this test's own
        ImageLimits limits = new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, capacity);
        byte[] large = PngFiles.encode(RasterImage.rgb(1500, 1000, new byte[1500 * 1000 * 3]));
        try (var h = harness(limits, false)) {
            DecodeBudget.Lease held = DecodeBudget.shared(capacity).acquire(90L << 20);
            Thread decoding = new Thread(() -> {
                try {
                    h.processElement(record("large.png", 0, "png", large), 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            decoding.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (decoding.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(Thread.State.WAITING, decoding.getState(), "waits while 90 of 96 MiB are held elsewhere");
            held.close();
            decoding.join(30_000);
            assertEquals(List.of("large.png"), h.extractOutputValues().stream().map(p -> p.id).toList());
        }
    }

    @Test
    void failOnBadInputStopsWithAnErrorNamingTheRecord() throws Exception {
        byte[] cut = Arrays.copyOf(JobFixtures.shapePng(4, 0), 40);
        try (var h = harness(true)) {
            Exception e = assertThrows(Exception.class, () -> h.processElement(record("dog/y.png", 3, "png", cut), 0));
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertTrue(messages.toString().contains("dog/y.png") && messages.toString().contains("row 3"),
                    messages.toString());
            assertTrue(deadLetters(h).isEmpty(), "no dead letter when failing");
        }
    }
}
