package io.clipdecomp.jobs.cli;

import io.clipdecomp.jobs.demo.DemoOptions;
import io.clipdecomp.jobs.demo.DemoSummary;
import io.clipdecomp.jobs.demo.EmbeddedDemo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code demo}: the embedded default end to end, needing nothing but Java and Maven. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts an in-process Kafka broker and a Flink MiniCluster (RocksDB state), produces synthetic "
                + "shape images (and a few corrupt ones) to Kafka, decomposes them with the streaming job, and "
                + "writes the decompositions, running means, dead letters and summary.json to --out-dir.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Mixin
    ImageBytesOption imageBytes;

    @Mixin
    DecodeLimitOptions decodeLimits;

    @Mixin
    PixelCheckOption pixelCheck;

    @Option(names = "--images", defaultValue = "300", description = "Synthetic images to send (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--corrupt", defaultValue = "3",
            description = "Corrupt images mixed in, to show dead-lettering (default: ${DEFAULT-VALUE}).")
    int corrupt;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the synthetic images (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallelism", defaultValue = "2",
            description = "Decomposition subtasks, one model each (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--batch-size", defaultValue = "16", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--means-every", defaultValue = "100",
            description = "Images between two emissions of the running means, ablation reports and TextSpan "
                    + "results (default: ${DEFAULT-VALUE}).")
    long meansEvery;

    @Option(names = "--follow", description = "Keep producing and decomposing until Ctrl-C.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || corrupt < 0 || parallelism < 1) {
            throw new IllegalArgumentException("--images and --parallelism must be at least 1, --corrupt at least 0");
        }
        pixelCheck.check(); // the demo's task manager is this JVM
        DemoOptions options = new DemoOptions(model.modelDir(), model.modelName(), output.create(), images, corrupt,
                seed, parallelism, batchSize, meansEvery, follow, decodeLimits.limits(imageBytes));
        DemoSummary s = new EmbeddedDemo(options, line -> System.err.println("demo: " + line)).run();
        System.out.printf("demo summary: produced %d, decomposed %d, dead-lettered %d (%s), means emitted %d, "
                        + "TextSpan results %d, ablation reports %d, %.1f s, %.1f images/s%nresults in %s "
                        + "(summary.json)%n", s.produced(), s.decomposed(), s.deadLettered(),
                s.accountsForEveryImage() ? "every image accounted for" : "SOME IMAGES UNACCOUNTED", s.meansEmitted(),
                s.textSpanResults(), s.ablationReports(), s.seconds(), s.imagesPerSecond(), options.outDir());
        // a failed job was reported on stderr as it happened; its results so far are written all the same
        return s.accountsForEveryImage() && s.jobFailure() == null ? 0 : 1;
    }
}
