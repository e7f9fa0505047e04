package io.clipdecomp.jobs.demo;

import io.clipdecomp.jobs.DecompositionJob;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Settings of an embedded demo run.
 *
 * @param outDir where results and the summary go
 * @param images synthetic shape images to send (not used with {@code inputDir})
 * @param corrupt corrupt images mixed in, to show dead-lettering (not used with {@code inputDir})
 * @param seed seed of the synthetic images (not used with {@code inputDir})
 * @param parallelism decomposition subtasks
 * @param follow keep producing and decomposing until stopped, instead of ending after {@code images}
 * @param inputDir a folder whose every entry is sent as one image instead of the synthetic ones, or null
 * @param soak produce the synthetic images while the job runs, with backpressure and memory samples, or null
 * @param job the decomposition job's settings (model, batching, image limits, the running means' interval), to
 *     which the demo adds its analyses
 * @param dashboard where the live dashboard listens while the demo runs, or null for none
 */
public record DemoOptions(Path outDir, int images, int corrupt, long seed, int parallelism, boolean follow,
                          Path inputDir, SoakOptions soak, DecompositionJob.Settings job,
                          InetSocketAddress dashboard) {

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
    public DemoOptions(Path outDir, int images, int corrupt, long seed, int parallelism, boolean follow,
                       DecompositionJob.Settings job) {
        this(outDir, images, corrupt, seed, parallelism, follow, null, null, job, null);
    }

    /** These options sending the entries of {@code dir} instead of synthetic images. */
    public DemoOptions withInputDir(Path dir) {
        return new DemoOptions(outDir, images, corrupt, seed, parallelism, follow, dir, soak, job, dashboard);
    }

    /** These options as a soak. */
    public DemoOptions withSoak(SoakOptions soakOptions) {
        return new DemoOptions(outDir, images, corrupt, seed, parallelism, follow, inputDir, soakOptions, job,
                dashboard);
    }

    /** These options with the live dashboard on {@code address}. */
    public DemoOptions withDashboard(InetSocketAddress address) {
        return new DemoOptions(outDir, images, corrupt, seed, parallelism, follow, inputDir, soak, job, address);
    }

    /** The model folder. */
    public Path modelDir() {
        return Path.of(job.decompose().modelDir());
    }

    /** The name in records and file names. */
    public String modelName() {
        return job.decompose().modelName();
    }

    /** Images between two emissions of the running means, ablation reports and TextSpan results. */
    public long meansEvery() {
        return job.meansEvery();
    }
}
