package io.clipdecomp.jobs;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The STREAMING set-up every streaming run shares: RocksDB state, incremental exactly-once checkpoints that are
 * retained when the run ends other than by finishing, and, on a local MiniCluster, its endpoints bound to
 * 127.0.0.1 ({@link LoopbackBinding}).
 */
public final class StreamingEnvironments {
    /** Where the configuration keys of our Prometheus reporter begin. */
    private static final String PROMETHEUS_REPORTER = ConfigConstants.METRICS_REPORTER_PREFIX + "prom.";

    private StreamingEnvironments() {
    }

    /** Where the checkpoints of runs under {@code dir} go, in Flink's layout {@code <job-id>/chk-N/_metadata}. */
    public static Path checkpointsOf(Path dir) {
        return dir.resolve("checkpoints");
    }

    /** Where the RocksDB working folders ({@code job_<job-id>_op_...}) of runs under {@code dir} go. */
    public static Path rocksDbOf(Path dir) {
        return dir.resolve("rocksdb");
    }

    /**
     * The configuration of a streaming run on a local MiniCluster: {@link #jobConfiguration} with a restart
     * strategy, RocksDB's working files under {@code checkpoints} and the MiniCluster's endpoints on 127.0.0.1.
     *
     * @param checkpoints where checkpoints, savepoints and RocksDB's working folders go
     * @param interval time between checkpoints; exactly-once Kafka output becomes visible at each
     * @param restoreFrom a savepoint or retained checkpoint to resume from, or null
     */
    public static Configuration configuration(Path checkpoints, Duration interval, Path restoreFrom) {
        Configuration conf = jobConfiguration(checkpoints, interval, restoreFrom);
        // a failure restarts the job from its last checkpoint a few times, then fails it for someone to look at
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        // RocksDB's working files under a short path: its path length limit is easy to hit in temp folders
        conf.set(RocksDBOptions.LOCAL_DIRECTORIES, rocksDbOf(checkpoints).toString());
        return LoopbackBinding.apply(conf);
    }

    /**
     * What the streaming job itself needs wherever it runs: RocksDB state, incremental exactly-once checkpoints
     * under {@code checkpoints}, retained unless the run finishes, and the point to resume from. Submitted to a
     * cluster, the job takes this and nothing more: the restart strategy, RocksDB's working folders and every
     * address stay as the cluster's own configuration says.
     *
     * @param checkpoints where checkpoints and savepoints go; on a cluster, a folder the JobManager and every
     *     TaskManager see at this path
     * @param interval time between checkpoints; exactly-once Kafka output becomes visible at each
     * @param restoreFrom a savepoint or retained checkpoint to resume from, or null
     */
    public static Configuration jobConfiguration(Path checkpoints, Duration interval, Path restoreFrom) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // the keyed state's size as metrics of each stateful operator, next to Flink's checkpoint sizes
        conf.set(RocksDBNativeMetricOptions.ESTIMATE_LIVE_DATA_SIZE, true);
        conf.set(RocksDBNativeMetricOptions.MONITOR_TOTAL_SST_FILES_SIZE, true);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointsOf(checkpoints).toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, checkpoints.resolve("savepoints").toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        // a killed or failed run leaves its latest checkpoint for the next run to resume from (RetainedCheckpoints)
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
            // the restored snapshot stays the caller's: the run's first checkpoint is a full one that shares no
            // files with it, so it can be deleted once that checkpoint completes
            conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.NO_CLAIM);
        }
        return conf;
    }

    /**
     * Adds Flink's Prometheus reporter to a local run's configuration: every metric of the job on
     * {@code http://host:port/metrics}. The reporter listens on all interfaces (it takes no address).
     */
    public static Configuration withPrometheus(Configuration conf, int port) {
        Configuration withReporter = new Configuration(conf);
        withReporter.setString(PROMETHEUS_REPORTER + "factory.class", PrometheusReporterFactory.class.getName());
        withReporter.setString(PROMETHEUS_REPORTER + "port", Integer.toString(port));
        return withReporter;
    }

    /**
     * Whether a Flink client called us ({@code flink run}, the REST API's jar run, application mode): then
     * {@link #create} gives that client's environment, and jobs go to its cluster instead of a local MiniCluster.
     */
    public static boolean insideFlinkClient() {
        return !(StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment);
    }

    /** A local (MiniCluster) or cluster environment, as the caller's context decides, with this configuration. */
    public static StreamExecutionEnvironment create(Configuration conf, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
