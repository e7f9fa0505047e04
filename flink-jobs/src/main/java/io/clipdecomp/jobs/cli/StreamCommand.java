package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.model.DjlRuntime;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.KafkaEndpoints;
import io.clipdecomp.jobs.StreamingEnvironments;
import io.clipdecomp.jobs.operators.DecomposeSettings;
import java.nio.file.Path;
import org.apache.flink.util.TimeUtils;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stream}: the streaming decomposition job against a Kafka cluster. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Runs the decomposition job in STREAMING mode between Kafka topics: ImageRecords in; "
                + "decompositions, running means (RocksDB keyed state) and dead letters out, exactly once. Runs on "
                + "an embedded MiniCluster, or on the cluster when submitted with `flink run`.")
public final class StreamCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    StreamAnalysisOptions analyses;

    @Mixin
    ImageBytesOption imageBytes;

    @Mixin
    DecodeLimitOptions decodeLimits;

    @Mixin
    PixelCheckOption pixelCheck;

    @Option(names = "--group-id", defaultValue = "clipdecomp", description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--transactional-id-prefix", defaultValue = "clipdecomp-stream",
            description = "Prefix of the sinks' transactional ids, unique per job (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Option(names = "--checkpoint-dir", defaultValue = "output_dir/flink", paramLabel = "DIR",
            description = "Checkpoints, savepoints and RocksDB files (default: ./${DEFAULT-VALUE}).")
    Path checkpointDir;

    @Option(names = "--checkpoint-interval", defaultValue = "10s",
            description = "Time between checkpoints; exactly-once output becomes visible at each (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Resume from a savepoint or checkpoint.")
    Path fromSavepoint;

    @Option(names = "--parallelism", defaultValue = "1", description = "Decomposition subtasks (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--batch-size", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--flush-ms", defaultValue = "200",
            description = "Longest an image waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    long flushMillis;

    @Option(names = "--means-every", defaultValue = "1000",
            description = "Images between two emissions of the running means and ablation reports "
                    + "(default: ${DEFAULT-VALUE}).")
    long meansEvery;

    @Option(names = "--bounded", description = "Stop at the images topic's end offsets as of the start.")
    boolean bounded;

    @Override
    public Integer call() throws Exception {
        ModelFolder folder = model.folder();
        DjlRuntime.device(model.device);
        int threads = model.threads > 0 ? model.threads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
        DecompositionJob.Settings settings = new DecompositionJob.Settings(
                new DecomposeSettings(folder.dir().toString(), model.modelName(), model.device, threads, batchSize,
                        flushMillis, false, null),
                pixelCheck.preprocessor(folder.config()),
                false, meansEvery, analyses.settings(folder.config()), decodeLimits.limits(imageBytes));
        KafkaEndpoints endpoints = kafka.endpoints(groupId, transactionalIdPrefix, bounded);
        StreamExecutionEnvironment env = StreamingEnvironments.create(StreamingEnvironments.configuration(
                checkpointDir.toAbsolutePath(), TimeUtils.parseDuration(checkpointInterval),
                fromSavepoint == null ? null : fromSavepoint.toAbsolutePath()), parallelism);
        endpoints.job(settings).attach(env);
        System.err.println("stream: " + endpoints.images().name() + " -> " + endpoints.decompositions().name() + ", "
                + endpoints.means().name() + ", " + endpoints.textSpanResults().name() + ", "
                + endpoints.ablationReports().name() + ", " + endpoints.deadLetters().name() + " on "
                + endpoints.bootstrapServers());
        env.execute("clipdecomp stream");
        return 0;
    }
}
