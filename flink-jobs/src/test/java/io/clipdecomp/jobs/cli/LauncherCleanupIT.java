package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.io.StagedOutputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/clipdecomp} killed midway, then failing: nothing is left behind, and the failure is one clear line. */
class LauncherCleanupIT {
    private static final long MID_RUN_TIMEOUT_MS = 120_000;

    @TempDir
    Path dir;

    @Test
    void whatAKilledRunLeftIsRemovedByTheNextRunAndAFailureSaysSoInOneLine() throws Exception {
        Path root = LauncherRuns.projectRoot();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path out = dir.resolve("out");
        Process killed = LauncherRuns.start("bin/clipdecomp decompose --dataset shapes --count 1000000 --out-dir " + out,
                root, tmp, dir.resolve("logs-killed"));
        long deadline = System.currentTimeMillis() + MID_RUN_TIMEOUT_MS;
        while (stagingFolders(out).isEmpty() && killed.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(killed.isAlive(), "decompose ended before it was killed: "
                + Files.readString(dir.resolve("logs-killed/err.txt"), StandardCharsets.UTF_8));
        assertEquals(1, stagingFolders(out).size(), "decompose is writing when it is killed");
        List<ProcessHandle> tree = Stream.concat(Stream.of(killed.toHandle()), killed.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            p.onExit().get(30, TimeUnit.SECONDS); // gone, not just signalled, before the next run looks
        }
        assertEquals(1, LauncherRuns.entries(tmp).size(), "the killed run's temporary folder is still there");

        Path images = dir.resolve("images/thing");
        CliFixtures.png(images.resolve("a.png"), 40, 30, 1);
        Files.writeString(images.resolve("b.png"), "not a PNG at all", StandardCharsets.UTF_8);
        LauncherRuns.Run failed = LauncherRuns.run("bin/clipdecomp decompose --dataset folder --data-path "
                + images.getParent() + " --out-dir " + out, root, tmp, dir.resolve("logs-failed"), 5).oneLineFailure();
        assertTrue(failed.errorLine().contains("b.png"), "the failure names the file: " + failed.err());

        assertEquals(List.of(), LauncherRuns.entries(tmp), "temporary folders of the killed and the failed run");
        assertEquals(List.of(), LauncherRuns.entries(out), "no outputs, and no staging folder of the killed run");
    }

    private static List<String> stagingFolders(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        return LauncherRuns.entries(out).stream().filter(n -> n.startsWith(StagedOutputs.FOLDER_PREFIX)).toList();
    }
}
