package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.jobs.JobFixtures;
import io.clipdecomp.jobs.demo.SoakVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --soak} with a few hundred images: it produces while the job runs, never more than
 * {@code --max-in-flight} ahead of the committed results (so the producer has to wait for the job), prints and
 * writes its samples, and its exit status follows its verdict.
 */
class DemoSoakIT {
    private static final int IMAGES = 300;
    private static final int CORRUPT = 2;
    private static final int MAX_IN_FLIGHT = 40;

    @TempDir
    Path dir;

    @Test
    void theSoakBoundsTheImagesInFlightAndWritesItsSamples() throws Exception {
        Path model = JobFixtures.model(dir.resolve("tiny"));
        Path out = dir.resolve("out");
        CliFixtures.Run run = CliFixtures.run("demo", "--soak", "--images", Integer.toString(IMAGES), "--corrupt",
                Integer.toString(CORRUPT), "--max-in-flight", Integer.toString(MAX_IN_FLIGHT), "--sample-seconds",
                "0.5", "--model-dir", model.toString(), "--model-name", "tiny", "--out-dir", out.toString(),
                "--parallelism", "2", "--batch-size", "4", "--means-every", "50");

        JsonObject soak = JsonParser.parseString(Files.readString(out.resolve("soak.json"))).getAsJsonObject();
        long produced = IMAGES + CORRUPT;
        assertEquals(produced, soak.get("produced").getAsLong(), "soak.json: " + soak + "\nstderr: " + run.err());
        assertEquals(produced, soak.get("accounted").getAsLong(), "every image accounted for");
        assertEquals(MAX_IN_FLIGHT, soak.get("maxInFlight").getAsInt());
        long most = soak.get("mostInFlight").getAsLong();
        assertTrue(most > 0 && most <= MAX_IN_FLIGHT, "most in flight " + most);
        // results become visible only when a checkpoint commits them (every second), so 40 images in flight
        // cannot carry 302: the producer must have waited for the job
        assertTrue(soak.get("producerWaits").getAsLong() > 0, soak.toString());

        JsonArray samples = soak.getAsJsonArray("samples");
        assertTrue(samples.size() >= SoakVerdict.MIN_SAMPLES, samples.size() + " samples");
        double lastSeconds = -1;
        long lastProduced = 0;
        long lastAccounted = 0;
        for (JsonElement e : samples) {
            JsonObject s = e.getAsJsonObject();
            double seconds = s.get("seconds").getAsDouble();
            assertTrue(seconds > lastSeconds, "samples in time order: " + s);
            long p = s.get("produced").getAsLong();
            long a = s.get("accounted").getAsLong();
            assertTrue(p >= lastProduced && a >= lastAccounted && a <= p, s.toString());
            assertEquals(p - a, s.get("inFlight").getAsLong(), s.toString());
            assertTrue(p - a <= MAX_IN_FLIGHT, "in flight within the bound: " + s);
            assertTrue(s.get("heapUsedBytes").getAsLong() > 0, s.toString());
            assertTrue(s.get("heapCommittedBytes").getAsLong() >= s.get("heapUsedBytes").getAsLong(), s.toString());
            if (Files.exists(Path.of("/proc/self/status"))) {
                long rss = s.get("rssBytes").getAsLong();
                assertTrue(rss > s.get("heapUsedBytes").getAsLong(), "the RSS holds the heap in use: " + s);
                assertEquals(rss - s.get("heapCommittedBytes").getAsLong(), s.get("rssOutsideHeapBytes").getAsLong());
            }
            lastSeconds = seconds;
            lastProduced = p;
            lastAccounted = a;
        }
        assertEquals(produced, lastProduced);
        assertEquals(produced, lastAccounted, "the last sample is taken when the last result is in");
        long printed = run.err().lines().filter(line -> line.startsWith("demo: soak ") && line.contains(" s: produced "))
                .count();
        assertEquals(samples.size(), printed, "every sample printed:\n" + run.err());

        JsonObject verdict = soak.getAsJsonObject("verdict");
        assertEquals(SoakVerdict.CRITERION, verdict.get("criterion").getAsString());
        assertTrue(verdict.get("judged").getAsBoolean(), verdict.toString());
        boolean grew = verdict.get("grew").getAsBoolean();
        assertEquals(grew, verdict.getAsJsonObject("heapAfterGc").get("grew").getAsBoolean()
                || verdict.getAsJsonObject("rssOutsideHeap").get("grew").getAsBoolean(), verdict.toString());
        assertEquals(grew ? 1 : 0, run.exit(), "exit status follows the verdict: " + verdict + "\n" + run.err());
        assertTrue(run.out().contains("soak: " + samples.size() + " samples"), run.out());

        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(produced, summary.get("produced").getAsLong());
        assertTrue(summary.get("accountedFor").getAsBoolean(), summary.toString());
        CliFixtures.floats(out.resolve("shapes_attn_tiny.npy"), IMAGES, JobFixtures.L, JobFixtures.H, JobFixtures.D);
    }
}
