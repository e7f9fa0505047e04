package io.clipdecomp.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.core.io.NpyReader;
import io.clipdecomp.jobs.JobFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follow demo whose job fails: the broker is made to refuse every decomposition (its topic's message limit
 * lowered under the running job, as an operator might). The demo notices by itself, says so in one line, and
 * writes what the job committed before.
 */
class EmbeddedDemoFailureIT {
    private static final Pattern BROKER = Pattern.compile("Kafka broker \\(KRaft\\) on (\\S+)");
    private static final Pattern PROGRESS = Pattern.compile("follow: produced \\d+, decomposed (\\d+)");

    @TempDir
    Path dir;

    @Test
    void aFailedJobIsReportedAndItsCommittedResultsAreStillWritten() throws Exception {
        Path model = JobFixtures.model(dir.resolve("tiny"));
        Path out = dir.resolve("out");
        List<String> log = new CopyOnWriteArrayList<>();
        EmbeddedDemo demo = new EmbeddedDemo(new DemoOptions(out, 8, 0, 5, 2, true, JobFixtures.jobSettings(model, 4, 4)),
                log::add);
        CompletableFuture<DemoSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return demo.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            long before = awaitLog(log, run, PROGRESS, m -> Long.parseLong(m.group(1)) > 0)
                    .map(m -> Long.parseLong(m.group(1))).orElseThrow();
            String bootstrap = awaitLog(log, run, BROKER, m -> true).orElseThrow().group(1);
            // a decomposition of the tiny model takes ~400 bytes; transaction markers (~80) still fit, so aborts
            // complete and each restart fails at once on the next decomposition instead of hanging in InitProducerId
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DECOMPOSITIONS.name());
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", "200"), AlterConfigOp.OpType.SET)))).all()
                        .get(30, TimeUnit.SECONDS);
            }

            // no requestStop: the demo has to see the failure itself
            DemoSummary summary;
            try {
                summary = run.get(180, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the demo did not end by itself after its job failed; log: " + log, e);
            }
            assertNotNull(summary.jobFailure(), "job failure in the summary; log: " + log);
            List<String> said = log.stream().filter(line -> line.startsWith("the streaming job FAILED: ")).toList();
            assertEquals(1, said.size(), "one line says so; log: " + log);
            assertTrue(said.get(0).contains(summary.jobFailure()), said.get(0));
            assertTrue(summary.decomposed() >= before, summary.decomposed() + " decomposed, " + before + " before");
            assertTrue(summary.decomposed() + summary.deadLettered() <= summary.produced(), summary.toString());

            JsonObject json = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
            assertEquals(summary.jobFailure(), json.get("jobFailure").getAsString());
            assertEquals(summary.decomposed(), json.get("decomposed").getAsLong());
            assertEquals(summary.produced(), json.get("produced").getAsLong());
            try (NpyReader attn = NpyReader.open(out.resolve("shapes_attn_tiny.npy"))) {
                assertEquals(summary.decomposed(), attn.shape()[0], "one row per committed decomposition");
            }
        } finally {
            demo.requestStop();
        }
    }

    /** Waits for a log line matching {@code pattern} and {@code accept}, failing if the demo ends first. */
    private static Optional<Matcher> awaitLog(List<String> log, CompletableFuture<DemoSummary> run, Pattern pattern,
                                              Predicate<Matcher> accept) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (String line : log) {
                Matcher m = pattern.matcher(line);
                if (m.find() && accept.test(m)) {
                    return Optional.of(m);
                }
            }
            assertTrue(!run.isDone(), "the demo ended early: " + log + (run.isCompletedExceptionally()
                    ? " " + run.handle((s, e) -> e).get() : ""));
            Thread.sleep(200);
        }
        throw new AssertionError("no log line like " + pattern + " in 120 s: " + log);
    }
}
