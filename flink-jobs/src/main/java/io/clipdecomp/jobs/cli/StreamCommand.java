package io.clipdecomp.jobs.cli;

import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.KafkaEndpoints;
import io.clipdecomp.jobs.RetainedCheckpoints;
import io.clipdecomp.jobs.StreamingEnvironments;
import io.clipdecomp.jobs.operators.DeadLetterCount;
import io.clipdecomp.jobs.operators.DecomposeOperator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code stream}: the streaming decomposition job against a Kafka cluster. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Runs the decomposition job in STREAMING mode between Kafka topics: ImageRecords in; "
                + "decompositions, running means (RocksDB keyed state) and dead letters out, exactly once. Runs on "
                + "an embedded MiniCluster, or on the cluster when submitted with `flink run`. Run again with the "
                + "same command, it resumes from the latest completed checkpoint in --checkpoint-dir.")
public final class StreamCommand implements Callable<Integer> {
    private static final String METRICS_PORT = "--metrics-port";


    @Spec
    CommandSpec spec;

    @Mixin
    DecompositionJobOptions job = new DecompositionJobOptions(1, 8);

    @Mixin
    KafkaOptions kafka;

    @Mixin
    StreamAnalysisOptions analyses;

    @Option(names = "--group-id", defaultValue = "clipdecomp", description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--transactional-id-prefix", defaultValue = "clipdecomp-stream",
            description = "Prefix of the sinks' transactional ids, unique per job and the same on every restart, so "
                    + "that a resumed run aborts the open transactions of a killed one (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Option(names = "--checkpoint-dir", defaultValue = "output_dir/flink", paramLabel = "DIR",
            description = "Checkpoints, savepoints and RocksDB files of one job; a run resumes from the latest "
                    + "completed checkpoint here and, after its own first one, deletes those of earlier runs "
                    + "(default: ./${DEFAULT-VALUE}).")
    Path checkpointDir;

    @Option(names = "--checkpoint-interval", defaultValue = "10s",
            description = "Time between checkpoints; exactly-once output becomes visible at each (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Resume from this savepoint or checkpoint instead of the latest in --checkpoint-dir.")
    Path fromSavepoint;

    @Option(names = "--fresh", description = "Start over: empty state, the images topic read from its beginning; "
            + "the checkpoints in --checkpoint-dir are ignored and deleted after this run's first checkpoint.")
    boolean fresh;

    @Option(names = "--means-every", defaultValue = "1000",
            description = "Images between two emissions of the running means and ablation reports "
                    + "(default: ${DEFAULT-VALUE}).")
    long meansEvery;

    @Option(names = "--bounded", description = "Stop at the images topic's end offsets as of the start; a run "
            + "that finishes keeps no checkpoint, so the next one starts over.")
    boolean bounded;

    @Option(names = "--connect-timeout", defaultValue = "30s", paramLabel = "DURATION",
            description = "How long to try reaching the Kafka cluster before giving up (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = METRICS_PORT, paramLabel = "PORT",
            description = "Serve the job's metrics for Prometheus on http://<this machine>:PORT/metrics (Flink's "
                    + "Prometheus reporter, which listens on all interfaces); on a cluster, its own metrics.reporter.* "
                    + "configuration does this instead.")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        if (fresh && fromSavepoint != null) {
            throw new ParameterException(spec.commandLine(), "--fresh starts with empty state and --from-savepoint "
                    + "restores " + fromSavepoint + ": give one of them, not both");
        }
        boolean onCluster = StreamingEnvironments.insideFlinkClient();
        if (onCluster && metricsPort != null) {
            throw new IllegalArgumentException(METRICS_PORT + " is for a local run: on a cluster the reporters are set "
                    + "in the cluster's configuration (metrics.reporter.*)");
        }
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65_535)) {
            throw new IllegalArgumentException(METRICS_PORT + " must be 1 to 65535, got " + metricsPort);
        }
        DecompositionJob.Settings settings = settings(job.model.folder(), onCluster);
        KafkaEndpoints endpoints = endpoints();
        Duration reach = TimeUtils.parseDuration(connectTimeout);
        try (TopicAdmin admin = endpoints.admin(reach)) {
            admin.brokerCount();
        } catch (IllegalStateException unreachable) {
            throw new IllegalStateException("cannot reach Kafka at " + endpoints.bootstrapServers() + " within "
                    + TimeUtils.formatWithHighestUnit(reach) + "; check --bootstrap-servers and the client settings");
        }
        Path dir = checkpointDir.toAbsolutePath();
        RetainedCheckpoints retained = new RetainedCheckpoints(dir);
        Duration interval = TimeUtils.parseDuration(checkpointInterval);
        Path restoreFrom = restorePoint(retained, dir, endpoints);
        StreamExecutionEnvironment env = StreamingEnvironments.create(onCluster
                ? StreamingEnvironments.jobConfiguration(dir, interval, restoreFrom)
                : localConfiguration(dir, interval, restoreFrom), job.parallelism());
        if (metricsPort != null) {
            System.err.println("stream: metrics for Prometheus on port " + metricsPort + " of every interface of this "
                    + "machine (/metrics)");
        }
        System.err.println("stream: " + settings.summary() + ", " + job.parallelism() + " subtask(s), a checkpoint "
                + "every " + TimeUtils.formatWithHighestUnit(interval));
        JobClient running = endpoints.job(settings).start(env, "clipdecomp stream");
        System.err.println("stream: " + endpoints.images().name() + " -> " + endpoints.decompositions().name() + ", "
                + endpoints.means().name() + ", " + endpoints.textSpanResults().name() + ", "
                + endpoints.ablationReports().name() + ", " + endpoints.spuriousReports().name() + ", "
                + endpoints.segmentationResults().name() + ", "
                + endpoints.deadLetters().name() + " on " + endpoints.bootstrapServers());
        if (onCluster && !env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            // flink run -d, the REST API's jar run: the client goes once the job is submitted
            System.err.println("stream: submitted job " + running.getJobID() + " to the cluster, detached; the "
                    + "checkpoints of earlier runs in " + dir + " stay until a run that is not detached deletes them");
            return 0;
        }
        JobExecutionResult result = awaitEnd(running, retained);
        long decomposed = count(result, DecomposeOperator.IMAGES_ACCUMULATOR);
        long deadLettered = count(result, DeadLetterCount.ACCUMULATOR);
        System.out.printf("stream: consumed %d records: decomposed %d, dead-lettered %d%n", decomposed + deadLettered,
                decomposed, deadLettered);
        return 0;
    }

    /** The configuration of a run on this machine's MiniCluster, with the Prometheus reporter if asked for. */
    Configuration localConfiguration(Path dir, Duration interval, Path restoreFrom) {
        Configuration conf = StreamingEnvironments.configuration(dir, interval, restoreFrom);
        return metricsPort == null ? conf : StreamingEnvironments.withPrometheus(conf, metricsPort);
    }

    /** The job's settings from these flags, for the model of {@code folder}, run {@code onCluster} or here. */
    DecompositionJob.Settings settings(ModelFolder folder, boolean onCluster) throws IOException {
        return job.settings(folder, onCluster).withMeansEvery(meansEvery)
                .withAnalyses(analyses.settings(folder.config()), analyses.segmentationClassifier());
    }

    /** The cluster, topics, consumer group and transactions of the job from these flags. */
    KafkaEndpoints endpoints() throws IOException {
        return kafka.endpoints(groupId, transactionalIdPrefix, bounded);
    }

    /**
     * What the run restores, said in one line on stderr: the savepoint given, nothing with {@code --fresh}, else
     * the latest completed checkpoint in the folder (nothing if there is none).
     *
     * <p>Why: a restart used to begin with empty state at the group's committed offsets. Flink commits those and
     * the sinks' transactions in the same notification after a checkpoint, in no fixed order, so a kill between
     * the two re-read images whose output was committed already (duplicates), or could abort a checkpoint's
     * transactions whose offsets had been committed (losses); the running means started again from nothing. A
     * checkpoint holds the source's offsets, the state and the sinks' pending transactions together: restored,
     * its transactions are committed (again, harmlessly, if they were), the later ones of the killed run, under
     * the same transactional-id prefix, aborted, and reading goes on from its offsets.
     */
    private Path restorePoint(RetainedCheckpoints retained, Path dir, KafkaEndpoints endpoints) throws IOException {
        if (fromSavepoint != null) {
            System.err.println("stream: resuming from " + fromSavepoint.toAbsolutePath() + " (--from-savepoint)");
            return fromSavepoint.toAbsolutePath();
        }
        String startOver = "empty state, " + endpoints.images().name() + " from its beginning";
        if (fresh) {
            System.err.println("stream: starting over (--fresh) with " + startOver + "; the checkpoints in " + dir
                    + " go after this run's first checkpoint");
            return null;
        }
        Optional<RetainedCheckpoints.Checkpoint> latest = retained.latest();
        if (latest.isEmpty()) {
            System.err.println("stream: no completed checkpoint in " + dir + ", starting with " + startOver);
            return null;
        }
        RetainedCheckpoints.Checkpoint c = latest.get();
        System.err.println("stream: resuming from checkpoint " + c.id() + " of job " + c.jobId() + " (" + c.dir()
                + "), the latest completed in " + dir);
        return c.dir();
    }

    private static long count(JobExecutionResult result, String accumulator) {
        return result.getAccumulatorResult(accumulator) instanceof Number n ? n.longValue() : 0;
    }

    /** Waits for the job to end; once it has completed a checkpoint, the earlier runs' files are deleted. */
    private static JobExecutionResult awaitEnd(JobClient job, RetainedCheckpoints retained) throws Exception {
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        String jobId = job.getJobID().toHexString();
        boolean cleaned = false;
        while (true) {
            try {
                return result.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException running) {
                if (!cleaned && retained.latestOf(jobId).isPresent()) {
                    int removed = retained.removeAllBut(jobId);
                    cleaned = true;
                    if (removed > 0) {
                        System.err.println("stream: first checkpoint of this run completed; deleted " + removed
                                + " checkpoint and RocksDB folder(s) of earlier runs");
                    }
                }
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof Exception e ? e : failed;
            }
        }
    }
}
