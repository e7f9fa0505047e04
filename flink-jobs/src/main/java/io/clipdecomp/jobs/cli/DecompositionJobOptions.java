package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.model.DjlRuntime;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.operators.DecomposeSettings;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags of every command that runs the decomposition job ({@code decompose}, {@code stream}, {@code demo}):
 * model, device and threads, batching, parallelism, image limits and the pixel check. The job's settings are made
 * from them here and nowhere else; each command adds only what is its own.
 */
public final class DecompositionJobOptions {

    @Mixin
    ModelOptions model;

    @Mixin
    ImageBytesOption imageBytes;

    @Mixin
    DecodeLimitOptions decodeLimits;

    @Mixin
    PixelCheckOption pixelCheck;

    // no defaultValue: the command's own default is the field's initial value, set by the constructor
    @Option(names = "--batch-size", paramLabel = "N", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Decomposition subtasks, one model each (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--flush-ms", paramLabel = "MS",
            description = "Longest an image waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    long flushMillis = DecomposeSettings.DEFAULT_FLUSH_MILLIS;

    /** The flags with a command's own defaults of subtasks and batch size. */
    DecompositionJobOptions(int defaultParallelism, int defaultBatchSize) {
        this.parallelism = defaultParallelism;
        this.batchSize = defaultBatchSize;
    }

    /** The decomposition subtasks, checked. */
    int parallelism() {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be 1 or more, got " + parallelism);
        }
        return parallelism;
    }

    /**
     * The job's settings for the model of {@code folder}, after the pixel check (refusing with --strict-pixels)
     * and, unless the job runs {@code onCluster} (whose TaskManagers check their own GPUs), the device check.
     */
    DecompositionJob.Settings settings(ModelFolder folder, boolean onCluster) throws IOException {
        int subtasks = parallelism();
        pixelCheck.check();
        if (!onCluster) {
            DjlRuntime.device(model.device); // a missing GPU fails here, before anything starts
        }
        return DecompositionJob.Settings.of(folder, model.modelName(), model.device,
                DecomposeSettings.threadsPerSubtask(model.threads, subtasks, onCluster), batchSize, flushMillis,
                pixelCheck.strict, decodeLimits.limits(imageBytes));
    }
}
