package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/clipdecomp demo --follow}: its dashboard live while it follows, then stopped by SIGTERM, as a service
 * manager stops it: whole summary, no leftovers.
 */
class DemoFollowStopIT {
    private static final long FOLLOWING_TIMEOUT_MS = 180_000;
    private static final int SIGTERM_STATUS = 143;
    private static final Pattern DASHBOARD = Pattern.compile("demo: dashboard on (http://\\S+/)");
    private static final Pattern SUMMARY = Pattern.compile(
            "demo summary: produced (\\d+), decomposed (\\d+), dead-lettered (\\d+) \\(every image accounted for\\)"
                    + ".*\\nresults in (.+) \\(summary\\.json\\)");

    @TempDir
    Path dir;

    @Test
    void sigtermEndsAFollowRunWithItsWholeSummaryAndItsResults() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path out = dir.resolve("out");
        Path logs = dir.resolve("logs");
        Process demo = LauncherRuns.start("exec bin/clipdecomp demo --follow --dashboard-port 0 --out-dir " + out,
                LauncherRuns.projectRoot(), tmp, logs);
        long deadline = System.currentTimeMillis() + FOLLOWING_TIMEOUT_MS;
        while (!Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8).contains("follow: produced")
                && demo.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(demo.isAlive(), "the follow run is still going when it is stopped: "
                + Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8));
        assertTheDashboardIsLive(Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8));
        demo.destroy(); // SIGTERM to the launcher, which passes it on to the JVM
        assertTrue(demo.waitFor(3, TimeUnit.MINUTES), "the run ends after SIGTERM");
        // a JVM that shuts down on SIGTERM exits 143 (128 + 15) whatever its hooks do: stopped as asked
        LauncherRuns.Run run = new LauncherRuns.Run("demo --follow", demo.exitValue() == SIGTERM_STATUS ? 0
                : demo.exitValue(), Files.readString(logs.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8)).quietSuccess();
        Matcher summary = SUMMARY.matcher(run.out());
        assertTrue(summary.find(), "the whole summary line: " + run.out());
        long produced = Long.parseLong(summary.group(1));
        assertTrue(produced > 0, run.out());
        assertEquals(produced, Long.parseLong(summary.group(2)) + Long.parseLong(summary.group(3)));
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("summary.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(produced, json.get("produced").getAsLong(), "summary.json says what the line says");
        assertTrue(Files.isRegularFile(out.resolve("shapes_files_shapes-tiny.txt")), "the results are written");
        assertEquals(List.of(), LauncherRuns.entries(tmp), "no temporary files left");
    }

    /** The address the demo printed serves the page, and its event stream counts the decomposed images. */
    private static void assertTheDashboardIsLive(String err) throws Exception {
        Matcher address = DASHBOARD.matcher(err);
        assertTrue(address.find(), "the demo says where its dashboard is: " + err);
        URI page = URI.create(address.group(1));
        assertEquals("127.0.0.1", page.getHost());
        HttpClient http = HttpClient.newHttpClient();
        assertTrue(http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()).body()
                .contains("clipdecomp"), "the page");
        HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(page.resolve("events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            Pattern decomposed = Pattern.compile("\"decomposed\":([1-9]\\d*)");
            for (String line = in.readLine(); ; line = in.readLine()) {
                assertTrue(line != null, "the event stream ended before counting an image");
                if (decomposed.matcher(line).find()) {
                    break;
                }
            }
        }
    }
}
