package io.clipdecomp.jobs.cli;

import io.clipdecomp.jobs.LoopbackBinding;
import io.clipdecomp.jobs.operators.DecomposeOperator;
import java.time.Duration;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the command line's jobs on an embedded Flink MiniCluster, with a progress bar on stderr. */
final class LocalFlink {
    private LocalFlink() {
    }

    /**
     * A local BATCH environment with its endpoints on 127.0.0.1; object reuse is safe because no operator keeps a
     * record it passes on.
     */
    static StreamExecutionEnvironment batchEnvironment(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        // progress comes from accumulators, which travel with heartbeats
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LoopbackBinding.apply(conf));
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        return env;
    }

    /** Runs the job, showing the decomposition operator's image count against {@code total}; returns that count. */
    static long executeWithProgress(StreamExecutionEnvironment env, String jobName, String task, long total)
            throws Exception {
        JobClient job = env.executeAsync(jobName);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" img", 1).build()) {
            var result = job.getJobExecutionResult();
            while (!result.isDone()) {
                try {
                    Map<String, Object> accumulators = job.getAccumulators().get();
                    Object done = accumulators.get(DecomposeOperator.IMAGES_ACCUMULATOR);
                    if (done instanceof Number n) {
                        bar.stepTo(n.longValue());
                    }
                } catch (Exception ignoredWhileFinishing) {
                    // the job may end between the two calls; its result below tells how
                }
                Thread.sleep(300);
            }
            Object done = result.get().getAccumulatorResult(DecomposeOperator.IMAGES_ACCUMULATOR);
            long decomposed = done instanceof Number n ? n.longValue() : 0;
            bar.stepTo(decomposed);
            return decomposed;
        }
    }
}
