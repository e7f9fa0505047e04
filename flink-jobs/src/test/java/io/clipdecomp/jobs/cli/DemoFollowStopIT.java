package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/clipdecomp demo --follow} stopped by SIGTERM, as a service manager stops it: whole summary, no leftovers. */
class DemoFollowStopIT {
    private static final long FOLLOWING_TIMEOUT_MS = 180_000;
    private static final int SIGTERM_STATUS = 143;
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
        Process demo = LauncherRuns.start("exec bin/clipdecomp demo --follow --out-dir " + out,
                LauncherRuns.projectRoot(), tmp, logs);
        long deadline = System.currentTimeMillis() + FOLLOWING_TIMEOUT_MS;
        while (!Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8).contains("follow: produced")
                && demo.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(demo.isAlive(), "the follow run is still going when it is stopped: "
                + Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8));
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
}
