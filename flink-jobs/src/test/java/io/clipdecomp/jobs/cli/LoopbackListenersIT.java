package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clipdecomp.jobs.StreamingEnvironments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local MiniClusters that {@code stream}, {@code demo} and {@code decompose} start listen on 127.0.0.1 only:
 * every TCP socket this JVM opens for listening while such a job runs (REST, BlobServer, ...) is on loopback.
 * Read from Linux's /proc: the sockets of this process and the local address of each.
 */
class LoopbackListenersIT {

    @Test
    void aStreamingMiniClusterListensOnLoopbackOnly(@TempDir Path dir) throws Exception {
        StreamExecutionEnvironment env = StreamingEnvironments.create(
                StreamingEnvironments.configuration(dir, Duration.ofSeconds(1), null), 1);
        assertNewListenersAreLoopback(env);
    }

    @Test
    void aBatchMiniClusterListensOnLoopbackOnly() throws Exception {
        assertNewListenersAreLoopback(LocalFlink.batchEnvironment(1));
    }

    private static void assertNewListenersAreLoopback(StreamExecutionEnvironment env) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd")),
                "needs Linux /proc");
        Set<String> before = listeners();
        // a slow, long source keeps the job (and its cluster) up while the sockets are read
        env.fromSource(new DataGeneratorSource<>(i -> i, 1_000, RateLimiterStrategy.perSecond(20), Types.LONG),
                WatermarkStrategy.noWatermarks(), "ticks").sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("loopback-listeners-it");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                assertTrue(System.nanoTime() < deadline, "job running within 60 s");
                Thread.sleep(100);
            }
            Set<String> opened = new TreeSet<>(listeners());
            opened.removeAll(before);
            // the REST endpoint and the BlobServer at least; a wildcard bind shows as 0.0.0.0 or ::
            assertTrue(opened.size() >= 2, "the cluster's listeners were found: " + opened);
            for (String address : opened) {
                assertTrue(address.startsWith("127.0.0.1:"), "listening on " + address + "; all: " + opened);
            }
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /** {@code address:port} of every TCP socket this process listens on, IPv4-mapped IPv6 shown as IPv4. */
    private static Set<String> listeners() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // descriptors come and go while we list them
                }
            }
        }
        Set<String> out = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address, f[3] state (0A = LISTEN), f[9] inode
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    out.add(address(f[1]));
                }
            }
        }
        return out;
    }

    /** /proc's hex {@code ADDR:PORT} (32-bit words in host order, little-endian here) as text. */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String a = parts[0];
        if (a.length() == 32 && a.startsWith("0000000000000000FFFF0000")) {
            a = a.substring(24); // ::ffff:a.b.c.d
        }
        if (a.length() == 8) {
            long v = Long.parseLong(a, 16);
            return (v & 0xFF) + "." + (v >> 8 & 0xFF) + "." + (v >> 16 & 0xFF) + "." + (v >> 24 & 0xFF) + ":" + port;
        }
        assertEquals(32, a.length(), "IPv6 address " + a);
        return "[" + a + "]:" + port;
    }
}
