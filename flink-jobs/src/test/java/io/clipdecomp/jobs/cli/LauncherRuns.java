package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Command lines run as a user runs them: {@code bash -c} in a folder, through {@code bin/clipdecomp}, own TMPDIR. */
final class LauncherRuns {
    /** A line of a Java stack trace, or the start of one. */
    private static final Pattern STACK_TRACE =
            Pattern.compile("(?m)^\\s+at [\\w$.]+\\(.*\\)$|^Caused by: |Exception in thread ");
    private static final Pattern WARNING = Pattern.compile("\\bWARN(ING)?\\b");
    /** How the launcher's program starts a failure's line: "clipdecomp COMMAND: what went wrong". */
    private static final String ERROR_PREFIX = "clipdecomp ";

    private LauncherRuns() {
    }

    /** What a command line returned and printed. */
    record Run(String command, int exit, String out, String err) {
        /** Asserts exit 0 with neither a stack trace nor a warning on stderr. */
        Run quietSuccess() {
            String shown = command + "\nstdout:\n" + out + "\nstderr:\n" + err;
            assertEquals(0, exit, "exit status of " + shown);
            assertFalse(STACK_TRACE.matcher(err).find(), "a stack trace from " + shown);
            assertFalse(WARNING.matcher(err).find(), "a warning from " + shown);
            return this;
        }

        /** Asserts a failure told in exactly one error line (besides the command's progress), with no stack trace. */
        Run oneLineFailure() {
            String shown = command + "\nstdout:\n" + out + "\nstderr:\n" + err;
            assertTrue(exit != 0, "exit status of " + shown);
            assertFalse(STACK_TRACE.matcher(err).find(), "a stack trace from " + shown);
            assertFalse(WARNING.matcher(err).find(), "a library's warning from " + shown);
            assertEquals(1, err.lines().filter(l -> l.startsWith(ERROR_PREFIX)).count(), "one error line from " + shown);
            return this;
        }

        /** The error line. */
        String errorLine() {
            return err.lines().filter(l -> l.startsWith(ERROR_PREFIX)).findFirst().orElseThrow();
        }
    }

    /** The project's root: the test runs in the flink-jobs module's folder. */
    static Path projectRoot() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("bin/clipdecomp")), "no bin/clipdecomp under " + root);
        return root;
    }

    /** Starts {@code bash -c command} in {@code dir}, temporary files under {@code tmp}, output into files. */
    static Process start(String command, Path dir, Path tmp, Path logs) throws IOException {
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
                .redirectOutput(logs.resolve("out.txt").toFile()).redirectError(logs.resolve("err.txt").toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().put("PATH", System.getProperty("java.home") + File.separator + "bin"
                + File.pathSeparator + System.getenv("PATH"));
        return builder.start();
    }

    /** Runs {@code command} to its end (at most {@code minutes}). */
    static Run run(String command, Path dir, Path tmp, Path logs, int minutes) throws IOException,
            InterruptedException {
        Process process = start(command, dir, tmp, logs);
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + minutes + " minutes");
        }
        return new Run(command, process.exitValue(), Files.readString(logs.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    /** Names of what {@code dir} holds, sorted. */
    static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
