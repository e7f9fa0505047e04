package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.demo.DemoOptions;
import io.clipdecomp.jobs.demo.DemoSummary;
import io.clipdecomp.jobs.demo.EmbeddedDemo;
import io.clipdecomp.jobs.demo.SoakOptions;
import io.clipdecomp.jobs.demo.SoakReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the embedded default end to end, needing nothing but Java and Maven. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts an in-process Kafka broker and a Flink MiniCluster (RocksDB state), produces synthetic "
                + "shape images (and a few corrupt ones) or the files of --input-dir to Kafka, decomposes them with "
                + "the streaming job, and writes the decompositions, running means, dead letters and summary.json to "
                + "--out-dir, serving the live dashboard on 127.0.0.1:8080 while it runs. --soak measures memory and "
                + "throughput under a sustained load (soak.json).")
public final class DemoCommand implements Callable<Integer> {
    private static final String IMAGES = "--images";
    private static final String CORRUPT = "--corrupt";
    private static final String SEED = "--seed";
    private static final String FOLLOW = "--follow";
    private static final String INPUT_DIR = "--input-dir";
    private static final String SOAK = "--soak";
    private static final String NO_DASHBOARD = "--no-dashboard";

    @Spec
    CommandSpec spec;

    @Mixin
    DecompositionJobOptions job = new DecompositionJobOptions(2, 16);

    // a folder of its own, so that a demo never replaces what other commands wrote into ./output_dir
    @Option(names = OutputDirectory.OPTION, defaultValue = "output_dir/demo", paramLabel = "DIR",
            description = "Where the demo's results are written (default: ./${DEFAULT-VALUE}; created if missing).")
    Path outDir;

    @Option(names = IMAGES, defaultValue = "300", description = "Synthetic images to send (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = CORRUPT, defaultValue = "3",
            description = "Corrupt images mixed in, to show dead-lettering (default: ${DEFAULT-VALUE}).")
    int corrupt;

    @Option(names = SEED, defaultValue = "0", description = "Seed of the synthetic images (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--means-every", defaultValue = "100",
            description = "Images between two emissions of the running means, ablation reports and TextSpan "
                    + "results (default: ${DEFAULT-VALUE}).")
    long meansEvery;

    @Option(names = FOLLOW, description = "Keep producing and decomposing until Ctrl-C.")
    boolean follow;

    @Option(names = INPUT_DIR, paramLabel = "DIR",
            description = "Send every entry of DIR (sorted by name, not recursive) as one image instead of synthetic "
                    + "ones: id = the file name, no label (-1 in the labels file). Regular files within "
                    + ImageLimits.MAX_BYTES_OPTION + " are read; sub-folders, pipes and larger files are dead "
                    + "letters, never opened. summary.json then lists the dead letters by file name.")
    Path inputDir;

    @Option(names = SOAK,
            description = "Soak: send " + IMAGES + " images while the job runs, as fast as it takes them (at most "
                    + SoakOptions.MAX_IN_FLIGHT_OPTION + " ahead of its committed results), sample heap, RSS and "
                    + "throughput every " + SoakOptions.SAMPLE_SECONDS_OPTION + ", and judge whether memory grew "
                    + "after warm-up (soak.json; exit status 1 if it grew).")
    boolean soak;

    @Option(names = SoakOptions.MAX_IN_FLIGHT_OPTION, paramLabel = "N", defaultValue = "1000",
            description = "With " + SOAK + ": images produced but not yet decomposed or dead-lettered at most; the "
                    + "producer waits beyond this (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = SoakOptions.SAMPLE_SECONDS_OPTION, paramLabel = "S", defaultValue = "5",
            description = "With " + SOAK + ": seconds between two samples (default: ${DEFAULT-VALUE}).")
    double sampleSeconds;

    @Mixin
    DashboardOptions dashboard;

    @Option(names = NO_DASHBOARD, description = "Run without the live dashboard.")
    boolean noDashboard;

    @Override
    public Integer call() throws Exception {
        DemoSummary s = new EmbeddedDemo(options(), line -> System.err.println("demo: " + line)).run(this::report);
        SoakReport soakReport = s.soak();
        // a failed job was reported on stderr as it happened; its results so far are written all the same
        boolean grew = soakReport != null && soakReport.verdict().grew();
        return s.accountsForEveryImage() && s.jobFailure() == null && !grew ? 0 : 1;
    }

    /** Prints the summary: dead letters of an input folder, the counts, and a soak's verdict. */
    private void report(DemoSummary s) {
        if (inputDir != null) {
            for (DemoSummary.Rejection r : s.deadLetters()) {
                System.out.printf("dead letter: %s (%s): %s%n", r.id(), r.stage(), r.reason());
            }
        }
        System.out.printf("demo summary: produced %d, decomposed %d, dead-lettered %d (%s), means emitted %d, "
                        + "TextSpan results %d, ablation reports %d, %.1f s, %.1f images/s%nresults in %s "
                        + "(summary.json)%n", s.produced(), s.decomposed(), s.deadLettered(),
                s.accountsForEveryImage() ? "every image accounted for" : "SOME IMAGES UNACCOUNTED", s.meansEmitted(),
                s.textSpanResults(), s.ablationReports(), s.seconds(), s.imagesPerSecond(), outDir.toAbsolutePath());
        SoakReport soakReport = s.soak();
        if (soakReport != null) {
            System.out.printf("soak: %d samples, %.1f images/s, at most %d in flight, producer waited %d times "
                            + "(%.1f s); %s (soak.json)%n", soakReport.samples().size(), soakReport.imagesPerSecond(),
                    soakReport.mostInFlight(), soakReport.producerWaits(), soakReport.producerWaitSeconds(),
                    soakReport.verdict().line());
        }
        System.out.flush();
    }

    /** The demo's options from these flags; its task managers are this JVM. */
    DemoOptions options() throws IOException {
        if (images < 1 || corrupt < 0) {
            throw new IllegalArgumentException("--images must be at least 1, --corrupt at least 0");
        }
        refuseWith(INPUT_DIR, inputDir != null, "the folder's files are the images, sent once", IMAGES, CORRUPT, SEED,
                FOLLOW, SOAK);
        refuseWith(SOAK, soak, "a soak sends a fixed number of images", FOLLOW);
        for (String soakOnly : List.of(SoakOptions.MAX_IN_FLIGHT_OPTION, SoakOptions.SAMPLE_SECONDS_OPTION)) {
            if (!soak && given(soakOnly)) {
                throw new IllegalArgumentException(soakOnly + " only applies to a soak: add " + SOAK
                        + " or leave it out");
            }
        }
        DecompositionJob.Settings settings = job.settings(job.model.folder(), false).withMeansEvery(meansEvery);
        DemoOptions options = new DemoOptions(outDir.toAbsolutePath(), images, corrupt, seed, job.parallelism(), follow,
                settings);
        if (inputDir != null) {
            options = options.withInputDir(inputDir.toAbsolutePath());
        }
        if (soak) {
            options = options.withSoak(new SoakOptions(maxInFlight, Duration.ofMillis(Math.round(1000 * sampleSeconds))));
        }
        refuseWith(NO_DASHBOARD, noDashboard, "there is no dashboard to place", DashboardOptions.HOST,
                DashboardOptions.PORT);
        return noDashboard ? options : options.withDashboard(dashboard.address());
    }

    /** True when {@code option} is on the command line, not just at its default. */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Refuses any of {@code others} given on the command line together with {@code option}, saying why. */
    private void refuseWith(String option, boolean given, String why, String... others) {
        if (!given) {
            return;
        }
        List<String> clash = Arrays.stream(others).filter(this::given).toList();
        if (!clash.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", clash) + (clash.size() == 1 ? " makes" : " make")
                    + " no sense with " + option + " (" + why + "); leave " + (clash.size() == 1 ? "it" : "them") + " out");
        }
    }
}
