package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.preprocess.HostileImages;
import io.clipdecomp.core.preprocess.ImageLimits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decompose} on a folder of good images mixed with hostile files: a named pipe, a file over 2 GiB (sparse),
 * a 782-byte JPEG claiming 13000 x 13000 pixels and a 0.5 MB PNG inflating to 13000 x 13000. The good images are
 * decomposed, each bad one is named with its reason, and no thread of the run allocates more than a stated bound.
 */
class DecomposeHostileInputIT {
    /** The most any one thread of the run (task threads, the command's own) may allocate in all, garbage included. */
    private static final long THREAD_ALLOCATION_BOUND = 256L << 20;
    /** The most the task thread that reads and decodes every file may allocate in all. */
    private static final long DECODING_THREAD_BOUND = 64L << 20;

    @TempDir
    static Path shared;
    private static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void tinyModel() throws IOException {
        model = CliFixtures.model(shared.resolve("tiny"));
    }

    @Test
    void goodImagesAreDecomposedAndEveryHostileFileIsNamedWithinTheMemoryBound() throws Exception {
        Path data = dir.resolve("images");
        CliFixtures.png(data.resolve("cat/a.png"), 20, 12, 1);
        HostileImages.sparseFile(data.resolve("cat/big.png"), 2_500_000_000L);
        Files.write(data.resolve("cat/bomb.png"), HostileImages.deflateBombPng(13000, 13000, HostileImages.RGB, 8));
        HostileImages.namedPipe(data.resolve("dog/fifo.png"));
        Files.write(data.resolve("dog/forged.jpg"), HostileImages.forgedJpeg(13000, 13000));
        CliFixtures.png(data.resolve("dog/x.png"), 16, 16, 3);
        CliFixtures.png(data.resolve("zebra/m.png"), 33, 17, 4);
        Path out = dir.resolve("out");

        Map<String, Long> perThread = new LinkedHashMap<>();
        CliFixtures.Run r = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> whileSamplingAllocations(perThread,
                () -> run("decompose", "--model-dir", model.toString(), "--model-name", "tiny",
                        "--data-path", data.toString(), "--out-dir", out.toString(), "--skip-bad",
                        ImageLimits.DECODE_BUDGET_OPTION, "268435456")));
        Map.Entry<String, Long> heaviest = perThread.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        Map.Entry<String, Long> decoding = perThread.entrySet().stream()
                .filter(e -> e.getKey().contains("decode-preprocess")).findFirst()
                .orElseThrow(() -> new AssertionError("no decoding task thread among " + perThread.keySet()));
        System.out.printf("decompose over 3 good and 4 hostile files: the decoding task thread allocated %d MiB, the "
                + "heaviest thread %d MiB (%s)%n", decoding.getValue() >> 20, heaviest.getValue() >> 20, heaviest.getKey());
        r.ok();
        assertTrue(r.out().contains("decomposed 3 of 7 images") && r.out().contains("4 skipped"), r.out());
        assertEquals(List.of("0\t0\tcat/a.png", "1\t1\tdog/x.png", "2\t2\tzebra/m.png"),
                Files.readAllLines(out.resolve("folder_files_tiny.txt"), StandardCharsets.UTF_8));
        Map<String, String> reasons = new LinkedHashMap<>();
        for (JsonElement e : JsonParser.parseString(Files.readString(out.resolve("folder_skipped_tiny.json")))
                .getAsJsonArray()) {
            JsonObject entry = e.getAsJsonObject();
            reasons.put(entry.get("id").getAsString(), entry.get("reason").getAsString());
        }
        assertEquals(List.of("cat/big.png", "cat/bomb.png", "dog/fifo.png", "dog/forged.jpg"),
                reasons.keySet().stream().sorted().toList());
        assertContains(reasons.get("cat/big.png"), "big.png: the image is 2500000000 bytes, over the limit of 67108864");
        assertContains(reasons.get("cat/bomb.png"), "more than the whole decode budget of 256 MiB");
        assertContains(reasons.get("dog/fifo.png"), "fifo.png is not a regular file");
        assertContains(reasons.get("dog/forged.jpg"), "claims 13000x13000 pixels");
        assertTrue(decoding.getValue() < DECODING_THREAD_BOUND, decoding.toString());
        assertTrue(heaviest.getValue() < THREAD_ALLOCATION_BOUND, heaviest.toString());
    }

    @Test
    void withoutSkipBadAFileOverTwoGibibytesStopsTheRunNamingIt() throws IOException {
        Path data = dir.resolve("images");
        CliFixtures.png(data.resolve("cat/a.png"), 20, 12, 1);
        HostileImages.sparseFile(data.resolve("cat/huge.png"), 3_000_000_000L);
        CliFixtures.Run r = run("decompose", "--model-dir", model.toString(), "--data-path", data.toString(),
                "--out-dir", dir.resolve("out").toString());
        assertNotEquals(0, r.exit());
        String message = r.err().lines().filter(line -> line.startsWith("clipdecomp decompose:")).findFirst()
                .orElseThrow(() -> new AssertionError("no error message in:\n" + r.err()));
        assertContains(message, "cat/huge.png");
        assertContains(message, "3000000000 bytes, over the limit of 67108864 bytes per image");
        assertTrue(!message.contains("Required array size"), message);
    }

    @Test
    void aRaisedByteLimitTakesEffectAndBadLimitValuesAreRefusedByName() throws IOException {
        Path data = dir.resolve("images");
        Path image = CliFixtures.png(data.resolve("cat/a.png"), 20, 12, 1);
        long size = Files.size(image);
        CliFixtures.Run tight = run("decompose", "--model-dir", model.toString(), "--data-path", data.toString(),
                "--out-dir", dir.resolve("out").toString(), ImageLimits.MAX_BYTES_OPTION, Long.toString(size - 1));
        assertNotEquals(0, tight.exit());
        assertContains(tight.err(), size + " bytes, over the limit of " + (size - 1));
        run("decompose", "--model-dir", model.toString(), "--data-path", data.toString(),
                "--out-dir", dir.resolve("out").toString(), ImageLimits.MAX_BYTES_OPTION, Long.toString(size)).ok();

        CliFixtures.Run pixels = run("decompose", "--model-dir", model.toString(), "--data-path", data.toString(),
                "--out-dir", dir.resolve("out").toString(), ImageLimits.MAX_PIXELS_OPTION, "239");
        assertContains(pixels.err(), "20x12 = 240 pixels, over the limit of 239 pixels");
        CliFixtures.Run budget = run("decompose", "--model-dir", model.toString(), "--data-path", data.toString(),
                ImageLimits.DECODE_BUDGET_OPTION, "1000");
        assertNotEquals(0, budget.exit());
        assertContains(budget.err(), ImageLimits.DECODE_BUDGET_OPTION + " must be at least 1048576");
    }

    @Test
    void everyCommandThatReadsImagesDocumentsItsLimitsAndDefaults() {
        for (String command : List.of("decompose", "stream", "demo")) {
            String help = run(command, "--help").ok().out();
            assertContains(help, ImageLimits.MAX_BYTES_OPTION);
            assertContains(help, "67108864 = 64 MiB");
            assertContains(help, ImageLimits.MAX_PIXELS_OPTION);
            assertContains(help, "178956970");
            assertContains(help, ImageLimits.DECODE_BUDGET_OPTION);
            assertContains(help, "half the JVM's maximum heap");
        }
        String produce = run("produce", "--help").ok().out();
        assertContains(produce, ImageLimits.MAX_BYTES_OPTION);
        assertTrue(!produce.contains(ImageLimits.MAX_PIXELS_OPTION), "produce decodes nothing:\n" + produce);
    }

    private static void assertContains(String text, String part) {
        assertTrue(text != null && text.contains(part), "expected '" + part + "' in:\n" + text);
    }

    /**
     * Runs {@code body} while sampling every thread's allocation counter every 2 ms; fills {@code perThread} with
     * what each thread allocated meanwhile (a thread that ends loses at most its last 2 ms).
     */
    /** Records each live thread's allocation counter, first and latest, and the names of threads seen first now. */
    private static void sample(com.sun.management.ThreadMXBean threads, Map<Long, long[]> seen,
                               Map<Long, String> names) {
        long[] ids = threads.getAllThreadIds();
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (allocated[i] < 0) {
                continue;
            }
            long now = allocated[i];
            long[] firstAndLatest = seen.get(ids[i]);
            if (firstAndLatest == null) {
                seen.put(ids[i], new long[] {now, now});
                var info = threads.getThreadInfo(ids[i]);
                names.put(ids[i], info == null ? "thread" : info.getThreadName());
            } else {
                firstAndLatest[1] = now;
            }
        }
    }

    private static <T> T whileSamplingAllocations(Map<String, Long> perThread, Supplier<T> body) throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, long[]> seen = new ConcurrentHashMap<>(); // id -> {first, latest}
        Map<Long, String> names = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                sample(threads, seen, names);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "allocation-sampler");
        sample(threads, seen, names);
        sampler.setDaemon(true);
        sampler.start();
        try {
            return body.get();
        } finally {
            done.set(true);
            sampler.join();
            sample(threads, seen, names);
            seen.remove(sampler.getId()); // its own bookkeeping is not the run's
            seen.forEach((id, firstAndLatest) -> perThread.put(names.get(id) + " #" + id,
                    firstAndLatest[1] - firstAndLatest[0]));
        }
    }
}
