package io.clipdecomp.jobs.demo;

import io.clipdecomp.core.preprocess.ImageLimits;
import java.nio.file.Path;

/**
 * Settings of an embedded demo run.
 *
 * @param modelDir the model folder (the bundled one by default)
 * @param modelName name used in records and file names
 * @param outDir where results and the summary go
 * @param images synthetic shape images to send (not used with {@code inputDir})
 * @param corrupt corrupt images mixed in, to show dead-lettering (not used with {@code inputDir})
 * @param seed seed of the synthetic images (not used with {@code inputDir})
 * @param parallelism decomposition subtasks
 * @param batchSize images per forward pass
 * @param meansEvery images between two emissions of the running means
 * @param follow keep producing and decomposing until stopped, instead of ending after {@code images}
 * @param limits how large one image may be, and the decode budget
 * @param inputDir a folder whose every entry is sent as one image instead of the synthetic ones, or null
 * @param soak produce the synthetic images while the job runs, with backpressure and memory samples, or null
 * @param device the DJL device of the decomposition: cpu, gpu or gpu:N
 * @param threads PyTorch intra-op threads per subtask, 0 for the cores shared among the subtasks
 */
public record DemoOptions(Path modelDir, String modelName, Path outDir, int images, int corrupt, long seed,
                          int parallelism, int batchSize, long meansEvery, boolean follow, ImageLimits limits,
                          Path inputDir, SoakOptions soak, String device, int threads) {

    public DemoOptions {
        if (inputDir != null && (follow || soak != null)) {
            throw new IllegalArgumentException("a folder of images is sent once: it cannot be followed or soaked");
        }
        if (soak != null && follow) {
            throw new IllegalArgumentException("a soak sends a fixed number of images: it cannot be followed");
        }
        if (soak != null && soak.maxInFlight() <= corrupt) {
            throw new IllegalArgumentException(SoakOptions.MAX_IN_FLIGHT_OPTION + " must be larger than the "
                    + corrupt + " corrupt images, which go out together with the first images");
        }
    }

    /** Options for synthetic images, without a soak. */
    public DemoOptions(Path modelDir, String modelName, Path outDir, int images, int corrupt, long seed,
                       int parallelism, int batchSize, long meansEvery, boolean follow, ImageLimits limits) {
        this(modelDir, modelName, outDir, images, corrupt, seed, parallelism, batchSize, meansEvery, follow, limits,
                null, null, "cpu", 0);
    }

    /** Options with the default image limits. */
    public DemoOptions(Path modelDir, String modelName, Path outDir, int images, int corrupt, long seed,
                       int parallelism, int batchSize, long meansEvery, boolean follow) {
        this(modelDir, modelName, outDir, images, corrupt, seed, parallelism, batchSize, meansEvery, follow,
                ImageLimits.defaults());
    }

    /** These options sending the entries of {@code dir} instead of synthetic images. */
    public DemoOptions withInputDir(Path dir) {
        return new DemoOptions(modelDir, modelName, outDir, images, corrupt, seed, parallelism, batchSize, meansEvery,
                follow, limits, dir, soak, device, threads);
    }

    /** These options as a soak. */
    public DemoOptions withSoak(SoakOptions soakOptions) {
        return new DemoOptions(modelDir, modelName, outDir, images, corrupt, seed, parallelism, batchSize, meansEvery,
                follow, limits, inputDir, soakOptions, device, threads);
    }

    /** These options decomposing on {@code engineDevice} with {@code intraOpThreads} threads per subtask. */
    public DemoOptions withEngine(String engineDevice, int intraOpThreads) {
        return new DemoOptions(modelDir, modelName, outDir, images, corrupt, seed, parallelism, batchSize, meansEvery,
                follow, limits, inputDir, soak, engineDevice, intraOpThreads);
    }

    /** PyTorch intra-op threads per subtask: as given, or the cores shared among the subtasks. */
    public int intraOpThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
    }
}
