package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamCommandTest {

    @Test
    void freshAndFromSavepointAreRefusedTogether(@TempDir Path dir) {
        CliFixtures.Run r = CliFixtures.run("stream", "--bootstrap-servers", "127.0.0.1:9", "--checkpoint-dir",
                dir.toString(), "--fresh", "--from-savepoint", dir.resolve("savepoint").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--fresh starts with empty state and --from-savepoint restores "), r.err());
        assertTrue(r.err().contains("give one of them, not both"), r.err());
    }

    @Test
    void aParallelismBelowOneIsRefused(@TempDir Path dir) {
        CliFixtures.Run r = CliFixtures.run("stream", "--bootstrap-servers", "127.0.0.1:9", "--checkpoint-dir",
                dir.toString(), "--parallelism", "0");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("--parallelism must be 1 or more, got 0"), r.err());
    }

    @Test
    void anUnreachableClusterIsNamedAndGivenUpOn(@TempDir Path dir) {
        long start = System.nanoTime();
        CliFixtures.Run r = CliFixtures.run("stream", "--bootstrap-servers", "127.0.0.1:9", "--checkpoint-dir",
                dir.toString(), "--connect-timeout", "2s");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cannot reach Kafka at 127.0.0.1:9 within 2 s"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("clipdecomp stream:")).count(), r.err());
        assertTrue(System.nanoTime() - start < 60_000_000_000L, "it gives up, it does not retry forever");
    }
}
