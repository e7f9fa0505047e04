package io.clipdecomp.jobs.demo;

import io.clipdecomp.core.preprocess.ImageLimits;
import java.nio.file.Path;

/**
 * Settings of an embedded demo run.
 *
 * @param modelDir the model folder (the bundled one by default)
 * @param modelName name used in records and file names
 * @param outDir where results and the summary go
 * @param images synthetic shape images to send
 * @param corrupt corrupt images mixed in, to show dead-lettering
 * @param seed seed of the synthetic images
 * @param parallelism decomposition subtasks
 * @param batchSize images per forward pass
 * @param meansEvery images between two emissions of the running means
 * @param follow keep producing and decomposing until stopped, instead of ending after {@code images}
 * @param limits how large one image may be, and the decode budget
 */
public record DemoOptions(Path modelDir, String modelName, Path outDir, int images, int corrupt, long seed,
                          int parallelism, int batchSize, long meansEvery, boolean follow, ImageLimits limits) {

    /** Options with the default image limits. */
    public DemoOptions(Path modelDir, String modelName, Path outDir, int images, int corrupt, long seed,
                       int parallelism, int batchSize, long meansEvery, boolean follow) {
        this(modelDir, modelName, outDir, images, corrupt, seed, parallelism, batchSize, meansEvery, follow,
                ImageLimits.defaults());
    }
}
