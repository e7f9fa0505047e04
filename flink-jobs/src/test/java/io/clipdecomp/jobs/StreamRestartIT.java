package io.clipdecomp.jobs;

import static io.clipdecomp.jobs.KafkaJobFixtures.committedOutputs;
import static io.clipdecomp.jobs.KafkaJobFixtures.readCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.jobs.cli.ClipdecompCommand;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream} as a process of its own, killed with SIGKILL at several points and started again with the same
 * command each time: read with read_committed, every image comes out exactly once (decomposed as the core
 * decomposes it, or dead-lettered), and the running means end where an undisturbed run's would.
 */
class StreamRestartIT {
    private static final int IMAGES = 60;
    /** Every tenth image is corrupt and must be dead-lettered. */
    private static final int CORRUPT_EVERY = 10;
    private static final int GOOD = IMAGES - IMAGES / CORRUPT_EVERY;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path shared;
    private static EmbeddedKafkaBroker broker;
    private static Path model;

    @BeforeAll
    static void brokerAndModel() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        model = JobFixtures.model(shared.resolve("tiny"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void killedAndRestartedWithTheSameCommandEveryImageComesOutExactlyOnce(@TempDir Path work) throws Exception {
        List<ImageRecord> images = new ArrayList<>();
        Map<String, ImageDecomposition> expected = new HashMap<>();
        Set<String> corrupt = new TreeSet<>();
        try (JobFixtures.Reference reference = new JobFixtures.Reference(model)) {
            for (int index = 0; index < IMAGES; index++) {
                if (index % CORRUPT_EVERY == CORRUPT_EVERY - 1) {
                    images.add(JobFixtures.corruptRecord("bad-" + index, index, "stream"));
                    corrupt.add("bad-" + index);
                } else {
                    byte[] png = JobFixtures.shapePng(43, index);
                    images.add(JobFixtures.pngRecord("img-" + index, index, "stream", index % 3, png));
                    expected.put("img-" + index, reference.decompose(JobFixtures.pixels(png)));
                }
            }
        }
        KafkaEndpoints kafka = KafkaJobFixtures.endpoints(broker.bootstrapServers(), "it-restart", false);
        Path dir = work.resolve("flink");
        RetainedCheckpoints retained = new RetainedCheckpoints(dir);
        List<String> command = command(kafka, dir);

        // 1: killed right after its first output is committed (its offsets may or may not be committed yet)
        KafkaJobFixtures.publish(kafka, images.subList(0, 20));
        Run first = Run.start(command, work, 1, retained);
        first.await("the first committed output", () -> committedOutputs(kafka) >= 1);
        String job1 = first.kill();
        assertTrue(first.said("stream: no completed checkpoint in " + dir), first.notes());

        // 2: killed mid-way, with images arriving while it runs
        Run second = Run.start(command, work, 2, retained);
        second.await("the second run's first checkpoint", () -> second.completed() > 0);
        CompletableFuture<Void> arriving = publishPaced(kafka, images.subList(20, 40));
        second.await("the first of these outputs", () -> committedOutputs(kafka) > 20);
        String job2 = second.kill();
        arriving.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(second.said("stream: resuming from checkpoint ") && second.said(" of job " + job1 + " ("),
                "the second run resumes from the first's checkpoint: " + second.notes());

        // 3: killed the moment its first checkpoint is complete, before or while its transactions commit
        Run third = Run.start(command, work, 3, retained);
        third.await("the third run's job", () -> third.job() != null);
        arriving = publishPaced(kafka, images.subList(40, IMAGES));
        third.awaitQuickly("a completed checkpoint of the third run", () -> third.completed() > 0);
        String job3 = third.kill();
        arriving.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(third.said(" of job " + job2 + " ("), "the third run resumes from the second's: " + third.notes());

        // 4: runs until everything is committed and a checkpoint more, so that a duplicate would be visible now
        Run fourth = Run.start(command, work, 4, retained);
        fourth.await("every output", () -> committedOutputs(kafka) >= IMAGES);
        long checkpoint = fourth.completed();
        fourth.await("another checkpoint", () -> fourth.completed() > checkpoint);
        fourth.await("the earlier runs' checkpoints and RocksDB folders to go",
                () -> onlyFilesOf(fourth.job(), dir, retained));
        fourth.kill();
        assertTrue(fourth.said(" of job " + job3 + " ("), "the fourth run resumes from the third's: " + fourth.notes());
        assertTrue(fourth.said("stream: first checkpoint of this run completed; deleted "), fourth.notes());

        List<io.clipdecomp.schemas.ImageDecomposition> decompositions = readCommitted(kafka, kafka.decompositions());
        List<DeadLetter> deadLetters = readCommitted(kafka, kafka.deadLetters());
        Set<String> decomposed = new TreeSet<>();
        for (io.clipdecomp.schemas.ImageDecomposition d : decompositions) {
            assertTrue(decomposed.add(d.getId()), "duplicate decomposition " + d.getId());
            JobFixtures.assertSameTerms(expected.get(d.getId()), d);
        }
        assertEquals(new TreeSet<>(expected.keySet()), decomposed, "decomposed ids");
        Set<String> rejected = new TreeSet<>();
        for (DeadLetter letter : deadLetters) {
            assertTrue(rejected.add(letter.getRecordId()), "duplicate dead letter " + letter.getRecordId());
            assertEquals(DeadLetters.DECODE, letter.getStage(), letter.getRecordId());
        }
        assertEquals(corrupt, rejected, "dead-lettered ids");

        // one key, one partition: the committed emissions in order; a lost or doubled state would break the count
        List<ComponentMeans> means = readCommitted(kafka, kafka.means());
        assertFalse(means.isEmpty(), "means emitted");
        for (int i = 1; i < means.size(); i++) {
            assertTrue(means.get(i).getCount() > means.get(i - 1).getCount(), "running count " + means.get(i - 1)
                    .getCount() + " then " + means.get(i).getCount() + " at emission " + i);
        }
        ComponentMeans last = means.get(means.size() - 1);
        assertEquals(GOOD, last.getCount(), "images in the final means");
        JobFixtures.assertMeans(decompositions, last);
    }

    /** Publishes the images one every 200 ms, in the background, so that some are in flight at a kill. */
    private static CompletableFuture<Void> publishPaced(KafkaEndpoints kafka, List<ImageRecord> images) {
        return CompletableFuture.runAsync(() -> {
            try (ImagePublisher publisher = kafka.publisher()) {
                for (ImageRecord image : images) {
                    assertTrue(publisher.publish(image), "image " + image.getId() + " sent");
                    publisher.flush();
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** The same {@code stream} command for every run: fast checkpoints, means at every merge. */
    private static List<String> command(KafkaEndpoints kafka, Path dir) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            command.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClipdecompCommand.class.getName(),
                "stream", "--bootstrap-servers", kafka.bootstrapServers(),
                "--images-topic", kafka.images().name(), "--decompositions-topic", kafka.decompositions().name(),
                "--means-topic", kafka.means().name(), "--textspan-topic", kafka.textSpanResults().name(),
                "--ablation-topic", kafka.ablationReports().name(), "--dead-letters-topic", kafka.deadLetters().name(),
                "--group-id", "it-restart", "--transactional-id-prefix", "it-restart",
                "--checkpoint-dir", dir.toString(), "--checkpoint-interval", "300ms",
                "--model-dir", model.toString(), "--threads", "1", "--parallelism", "2", "--batch-size", "2",
                "--flush-ms", "50", "--means-every", "1"));
        return command;
    }

    /** Whether only {@code job}'s checkpoints and RocksDB working folders are left. */
    private static boolean onlyFilesOf(String job, Path dir, RetainedCheckpoints retained) {
        try (Stream<Path> rocksDb = Files.list(StreamingEnvironments.rocksDbOf(dir))) {
            List<String> folders = rocksDb.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("job_"))
                    .toList();
            return retained.jobIds().equals(List.of(job)) && !folders.isEmpty()
                    && folders.stream().allMatch(n -> n.startsWith("job_" + job + "_"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One run of the command as a child process, its output in files, its job found by its checkpoint folder. */
    private static final class Run {
        private final Process process;
        private final Path stderr;
        private final RetainedCheckpoints retained;
        private final Set<String> earlierJobs;
        private String job;

        private Run(Process process, Path stderr, RetainedCheckpoints retained, Set<String> earlierJobs) {
            this.process = process;
            this.stderr = stderr;
            this.retained = retained;
            this.earlierJobs = earlierJobs;
        }

        static Run start(List<String> command, Path work, int number, RetainedCheckpoints retained)
                throws IOException {
            Set<String> earlier = new HashSet<>(retained.jobIds());
            Path stderr = work.resolve("run-" + number + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectOutput(work.resolve("run-" + number + ".out").toFile()).redirectError(stderr.toFile());
            builder.environment().put("DJL_OFFLINE", "true");
            builder.environment().put("OPT_OUT_TRACKING", "true");
            return new Run(builder.start(), stderr, retained, earlier);
        }

        /** This run's Flink job id, once its checkpoint folder exists. */
        String job() {
            if (job == null) {
                try {
                    List<String> fresh = retained.jobIds().stream().filter(j -> !earlierJobs.contains(j)).toList();
                    assertTrue(fresh.size() <= 1, "one job per run: " + fresh);
                    job = fresh.isEmpty() ? null : fresh.get(0);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return job;
        }

        /** The id of this run's latest completed checkpoint, 0 if none. */
        long completed() {
            try {
                return job() == null ? 0 : retained.latestOf(job()).map(RetainedCheckpoints.Checkpoint::id).orElse(0L);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void await(String what, BooleanSupplier condition) throws InterruptedException {
            poll(what, condition, 200);
        }

        void awaitQuickly(String what, BooleanSupplier condition) throws InterruptedException {
            poll(what, condition, 10);
        }

        private void poll(String what, BooleanSupplier condition, long sleepMillis) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                if (!process.isAlive()) {
                    fail("stream exited with " + process.exitValue() + " waiting for " + what + ":\n" + tail());
                }
                if (System.nanoTime() > deadline) {
                    fail("timed out after " + WAIT + " waiting for " + what + ":\n" + tail());
                }
                Thread.sleep(sleepMillis);
            }
        }

        /** SIGKILLs the process; returns its job id. */
        String kill() throws InterruptedException {
            String id = job();
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed process ends");
            assertTrue(id != null, "the run started a job: " + notes());
            return id;
        }

        /** Whether the command said this on stderr. */
        boolean said(String text) {
            return notes().contains(text);
        }

        /** What the command said on stderr (its own lines, not the logs). */
        String notes() {
            return String.join("\n", stderrLines().stream()
                    .filter(line -> line.startsWith("stream") || line.startsWith("clipdecomp")).toList());
        }

        /** The end of stderr, logs included. */
        String tail() {
            List<String> lines = stderrLines();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }

        private List<String> stderrLines() {
            try {
                return Files.readAllLines(stderr, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
