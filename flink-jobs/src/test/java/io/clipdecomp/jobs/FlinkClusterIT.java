package io.clipdecomp.jobs;

import static io.clipdecomp.jobs.KafkaJobFixtures.committedOutputs;
import static io.clipdecomp.jobs.KafkaJobFixtures.readCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real Flink session cluster: a JobManager and TaskManagers as separate JVMs on 127.0.0.1, whose
 * {@code lib/} holds what a stock Flink distribution has ({@code target/flink-dist-lib/}, the jars the job jar
 * leaves out as provided, and flink-runtime-web for the REST API's jar upload) and {@code target/flink-lib/} (DJL
 * and its natives).
 * Submitted with {@code flink run}, the job loses a TaskManager to SIGKILL mid-stream, a new one is started, and
 * the job recovers from its last checkpoint. Then it is cancelled and submitted again twice, with {@code flink run
 * -d} and through the REST API's jar upload: each time the surviving TaskManager loads the model in a new job's
 * class loader. The control, the same jar with DJL on the job's own class path, fails there as DJL issue 179 says.
 * Read with read_committed, every image comes out exactly once, as the core decomposes it, and the running means
 * end as the means of those decompositions.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlinkClusterIT {
    /** Images before the first submission, during the TaskManager's loss, before each resubmission. */
    private static final int[] BATCHES = {16, 16, 8, 8};
    /** Every eighth image is corrupt and must be dead-lettered. */
    private static final int CORRUPT_EVERY = 8;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String DECOMPOSE = "decompose";

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
    void streamOnASessionClusterSurvivesALostTaskManagerAndTwoResubmissionsExactlyOnce(@TempDir Path work)
            throws Exception {
        Path target = Path.of(System.getProperty("basedir", "."), "target").toAbsolutePath();
        // the jar as a user would have it: a copy, nothing beside it
        Path jobJar = Files.copy(target.resolve("clipdecomp-flink-job.jar"),
                Files.createDirectories(work.resolve("dist")).resolve("clipdecomp-flink-job.jar"));
        List<List<ImageRecord>> batches = new ArrayList<>();
        Map<String, ImageDecomposition> expected = new HashMap<>();
        Set<String> corrupt = new TreeSet<>();
        images(batches, expected, corrupt);
        KafkaEndpoints kafka = KafkaJobFixtures.endpoints(broker.bootstrapServers(), "it-cluster", false);
        List<String> stream = streamArguments(kafka, work.resolve("flink"));
        Map<String, String> env = Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true");

        try (FlinkSessionCluster cluster = new FlinkSessionCluster(work.resolve("cluster"),
                List.of(target.resolve("flink-dist-lib"), webFrontend(work), target.resolve("flink-lib")), 1)) {
            cluster.startJobManager();
            cluster.startTaskManager("tm-1");
            cluster.startTaskManager("tm-2");
            cluster.awaitTaskManagers(List.of("tm-1", "tm-2"));
            long survivor = cluster.process("tm-2").pid();

            // 1: flink run, attached; one TaskManager SIGKILLed while images arrive, a new one started
            KafkaJobFixtures.publish(kafka, batches.get(0));
            Process attached = cluster.flinkRun("run-1", work, List.of(), jobJar, stream, env);
            String job1 = awaitNewJob(cluster, List.of(), attached, work.resolve("run-1.out"));
            cluster.await("run 1's first outputs and a checkpoint", WAIT, () -> committedOutputs(kafka) > 0
                    && cluster.checkpoints(job1).path("counts").path("completed").asInt() > 0);
            assertEquals(List.of("tm-1", "tm-2"), cluster.taskManagersOf(job1, DECOMPOSE), "decompose subtasks");
            CompletableFuture<Void> arriving = publishPaced(kafka, batches.get(1));
            cluster.await("the first outputs of images arriving while it runs", WAIT,
                    () -> committedOutputs(kafka) > BATCHES[0]);
            cluster.kill("tm-1");
            int firstRun = BATCHES[0] + BATCHES[1];
            int atKill = committedOutputs(kafka);
            assertTrue(atKill < firstRun, "killed mid-stream: " + atKill + " of " + firstRun + " outputs out");
            cluster.startTaskManager("tm-3");
            cluster.await("job 1 to run again on tm-2 and tm-3", WAIT, () -> cluster.allTasksRunning(job1)
                    && cluster.taskManagersOf(job1, DECOMPOSE).equals(List.of("tm-2", "tm-3")));
            arriving.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            cluster.await("every output of run 1 after the TaskManager's loss", WAIT,
                    () -> committedOutputs(kafka) >= firstRun);
            JsonNode restored = cluster.checkpoints(job1).path("latest").path("restored");
            assertFalse(restored.isMissingNode() || restored.isNull(), "job 1 restored a checkpoint: " + restored);
            assertTrue(cluster.exceptions(job1).size() > 0, "job 1 recorded the TaskManager's loss");

            // 2 and 3: cancelled and submitted again, with flink run -d and through the REST API's jar upload (its
            // main runs in the JobManager): each time the model loads in a new job's class loader on tm-2
            int total = firstRun;
            String previous = job1;
            List<String> jobs = new ArrayList<>(List.of(job1));
            for (int run = 2; run <= 3; run++) {
                cluster.cancel(previous);
                KafkaJobFixtures.publish(kafka, batches.get(run));
                String job;
                String out;
                if (run == 2) {
                    Process detached = cluster.flinkRun("run-2", work, List.of("-d"), jobJar, stream, env);
                    assertTrue(detached.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "flink run -d returns");
                    out = read(work.resolve("run-2.out"));
                    assertEquals(0, detached.exitValue(), out);
                    job = awaitNewJob(cluster, jobs, null, work.resolve("run-2.out"));
                } else {
                    job = cluster.uploadAndRun(jobJar, stream);
                    out = cluster.log("jobmanager");
                    String submitted = job;
                    cluster.await("the uploaded jar's job to run", WAIT, () -> cluster.allTasksRunning(submitted));
                }
                assertTrue(out.contains("stream: resuming from checkpoint ") && out.contains(" of job " + previous
                        + " ("), "run " + run + " resumes from job " + previous + "'s checkpoint:\n" + out);
                assertTrue(out.contains("stream: submitted job " + job + " to the cluster, detached"), out);
                int outputs = total + BATCHES[run];
                cluster.await("every output of run " + run, WAIT, () -> committedOutputs(kafka) >= outputs);
                assertEquals(List.of("tm-2", "tm-3"), cluster.taskManagersOf(job, DECOMPOSE), "run " + run);
                assertEquals(0, cluster.exceptions(job).size(), "run " + run + " never failed: "
                        + cluster.exceptions(job));
                total = outputs;
                previous = job;
                jobs.add(job);
            }
            assertTrue(attached.waitFor(30, TimeUnit.SECONDS), "the attached client ends with its cancelled job");
            // one more checkpoint of the last job, so that a duplicate it might write would be visible now
            long checkpoint = cluster.checkpoints(previous).path("counts").path("completed").asLong();
            String last = previous;
            cluster.await("another checkpoint", WAIT,
                    () -> cluster.checkpoints(last).path("counts").path("completed").asLong() > checkpoint);
            cluster.cancel(last);

            // the control: the same jar with DJL on the job's own class path (flink run -C) cannot load its natives
            List<String> control = new ArrayList<>(List.of("-d"));
            try (Stream<Path> jars = Files.list(target.resolve("flink-lib"))) {
                jars.sorted().forEach(jar -> control.addAll(List.of("-C", jar.toUri().toString())));
            }
            List<String> controlStream = new ArrayList<>(stream);
            controlStream.set(controlStream.indexOf("--group-id") + 1, "it-cluster-control");
            controlStream.set(controlStream.indexOf("--transactional-id-prefix") + 1, "it-cluster-control");
            controlStream.set(controlStream.indexOf("--checkpoint-dir") + 1, work.resolve("flink-control").toString());
            Process refused = cluster.flinkRun("run-control", work, control, jobJar, controlStream, env);
            assertTrue(refused.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "flink run -d returns");
            String controlJob = awaitNewJob(cluster, jobs, null, work.resolve("run-control.out"), false);
            cluster.await("the control job's native-library failure", WAIT,
                    () -> cluster.exceptions(controlJob).toString().contains("already loaded in another classloader"));
            cluster.cancel(controlJob);

            // the same TaskManager JVM opened the model for each of the three jobs, without a native-library error
            assertEquals(survivor, cluster.process("tm-2").pid());
            assertTrue(cluster.process("tm-2").isAlive(), "tm-2 ran throughout");
            String tm2 = cluster.log("tm-2");
            for (String job : jobs) {
                assertTrue(tm2.contains(" of job " + job + " decomposes on cpu() (--device cpu) with 1 intra-op"),
                        "tm-2 loaded the model for job " + job + ":\n" + cluster.tails());
                assertFalse(cluster.exceptions(job).toString().contains("UnsatisfiedLinkError"), job + " had a "
                        + "native-library error: " + cluster.exceptions(job));
            }
        }

        List<io.clipdecomp.schemas.ImageDecomposition> decompositions = readCommitted(kafka, kafka.decompositions());
        Set<String> decomposed = new TreeSet<>();
        for (io.clipdecomp.schemas.ImageDecomposition d : decompositions) {
            assertTrue(decomposed.add(d.getId()), "duplicate decomposition " + d.getId());
            JobFixtures.assertSameTerms(expected.get(d.getId()), d);
        }
        assertEquals(new TreeSet<>(expected.keySet()), decomposed, "decomposed ids");
        Set<String> rejected = new TreeSet<>();
        for (DeadLetter letter : readCommitted(kafka, kafka.deadLetters())) {
            assertTrue(rejected.add(letter.getRecordId()), "duplicate dead letter " + letter.getRecordId());
            assertEquals(DeadLetters.DECODE, letter.getStage(), letter.getRecordId());
        }
        assertEquals(corrupt, rejected, "dead-lettered ids");
        // one key, one partition: the committed emissions in order; a lost or doubled state would break the count
        List<ComponentMeans> means = readCommitted(kafka, kafka.means());
        for (int i = 1; i < means.size(); i++) {
            assertTrue(means.get(i).getCount() > means.get(i - 1).getCount(), "running count at emission " + i);
        }
        ComponentMeans lastMeans = means.get(means.size() - 1);
        assertEquals(expected.size(), lastMeans.getCount(), "images in the final means");
        JobFixtures.assertMeans(decompositions, lastMeans);
    }

    /** Shape images in {@link #BATCHES}, every {@link #CORRUPT_EVERY}th corrupt, and the core's decompositions. */
    private static void images(List<List<ImageRecord>> batches, Map<String, ImageDecomposition> expected,
                               Set<String> corrupt) throws Exception {
        int index = 0;
        try (JobFixtures.Reference reference = new JobFixtures.Reference(model)) {
            for (int size : BATCHES) {
                List<ImageRecord> batch = new ArrayList<>();
                for (int i = 0; i < size; i++, index++) {
                    if (index % CORRUPT_EVERY == CORRUPT_EVERY - 1) {
                        batch.add(JobFixtures.corruptRecord("bad-" + index, index, "cluster"));
                        corrupt.add("bad-" + index);
                    } else {
                        byte[] png = JobFixtures.shapePng(47, index);
                        batch.add(JobFixtures.pngRecord("img-" + index, index, "cluster", index % 3, png));
                        expected.put("img-" + index, reference.decompose(JobFixtures.pixels(png)));
                    }
                }
                batches.add(batch);
            }
        }
    }

    /** The job the cluster runs that is none of {@code earlier}, once there is one and all its tasks run. */
    private static String awaitNewJob(FlinkSessionCluster cluster, List<String> earlier, Process client, Path out)
            throws InterruptedException {
        return awaitNewJob(cluster, earlier, client, out, true);
    }

    /** The job the cluster runs that is none of {@code earlier}, once there is one (and all its tasks run). */
    private static String awaitNewJob(FlinkSessionCluster cluster, List<String> earlier, Process client, Path out,
                                      boolean allTasks) throws InterruptedException {
        String[] job = new String[1];
        cluster.await("a new running job (client output " + out + ")", WAIT, () -> {
            assertTrue(client == null || client.isAlive() || client.exitValue() == 0, () -> "flink run ended with "
                    + client.exitValue() + ":\n" + read(out));
            List<String> fresh = cluster.runningJobs().stream().filter(j -> !earlier.contains(j)).toList();
            job[0] = fresh.isEmpty() ? null : fresh.get(0);
            return job[0] != null && (!allTasks || cluster.allTasksRunning(job[0]));
        });
        return job[0];
    }

    /** Publishes the images one every 300 ms, in the background, so that most are still to come at the kill. */
    private static CompletableFuture<Void> publishPaced(KafkaEndpoints kafka, List<ImageRecord> images) {
        return CompletableFuture.runAsync(() -> {
            try (ImagePublisher publisher = kafka.publisher()) {
                for (ImageRecord image : images) {
                    assertTrue(publisher.publish(image), "image " + image.getId() + " sent");
                    publisher.flush();
                    Thread.sleep(300);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** The same {@code stream} arguments for every submission: fast checkpoints, means at every merge. */
    private static List<String> streamArguments(KafkaEndpoints kafka, Path checkpoints) {
        return List.of("stream", "--bootstrap-servers", kafka.bootstrapServers(),
                "--images-topic", kafka.images().name(), "--decompositions-topic", kafka.decompositions().name(),
                "--means-topic", kafka.means().name(), "--textspan-topic", kafka.textSpanResults().name(),
                "--ablation-topic", kafka.ablationReports().name(), "--spurious-topic", kafka.spuriousReports().name(),
                "--dead-letters-topic", kafka.deadLetters().name(), "--group-id", "it-cluster",
                "--transactional-id-prefix", "it-cluster", "--checkpoint-dir", checkpoints.toString(),
                "--checkpoint-interval", "500ms", "--model-dir", model.toString(), "--threads", "1",
                "--parallelism", "2", "--batch-size", "2", "--flush-ms", "50", "--means-every", "1");
    }

    /**
     * A folder holding flink-runtime-web from the test class path: the REST API's jar upload, which a stock
     * distribution has inside its flink-dist jar.
     */
    private static Path webFrontend(Path work) throws java.io.IOException {
        Path dir = Files.createDirectories(work.resolve("web-lib"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (name.startsWith("flink-runtime-web-") && name.endsWith(".jar")) {
                Files.copy(jar, dir.resolve(name));
                return dir;
            }
        }
        throw new AssertionError("flink-runtime-web is not on the test class path");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "(" + file + ": " + e.getMessage() + ")";
        }
    }
}
