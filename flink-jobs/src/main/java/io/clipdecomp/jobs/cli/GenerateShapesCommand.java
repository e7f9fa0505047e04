package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.shapes.DatasetOptions;
import io.clipdecomp.core.shapes.ShapesDatasetWriter;
import io.clipdecomp.core.shapes.ShapesDatasetWriter.Layout;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate-shapes}: writes a synthetic shapes-world dataset in a real dataset's layout. */
@Command(name = "generate-shapes", mixinStandardHelpOptions = true,
        description = "Writes N scenes of the synthetic shapes world (known shape, colour, position, background "
                + "and masks) as an ImageFolder (folder: <shape>/<n>.png), a Waterbirds folder (waterbirds: "
                + "metadata.csv with a spurious background correlation) or a segmentation set (segmentation: "
                + "images/ and masks/). The same seed gives the same files.")
public final class GenerateShapesCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Dataset folder to create; must be absent or empty.")
    Path out;

    @Option(names = "--count", defaultValue = "1000", paramLabel = "N",
            description = "Number of images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--layout", defaultValue = "folder", paramLabel = "folder|waterbirds|segmentation",
            description = "Dataset layout (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--size", defaultValue = "64", paramLabel = "PX",
            description = "Side of each square image in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--spurious-rate", defaultValue = "0.95", paramLabel = "R",
            description = "waterbirds: fraction of each class shown on its usual background in the train and "
                    + "validation splits (default: ${DEFAULT-VALUE}); the test split is balanced.")
    double spuriousRate;

    @Override
    public Integer call() {
        Layout chosen = Layout.fromName(layout);
        DatasetOptions options = DatasetOptions.defaults().withCanvasSize(size).withSpuriousCorrelation(spuriousRate);
        Path dir = out.toAbsolutePath();
        ShapesDatasetWriter.write(dir, count, seed, chosen, options);
        System.out.printf("wrote %d %dx%d shapes images (seed %d, %s layout) to %s%n", count, size, size, seed,
                chosen.name().toLowerCase(Locale.ROOT), dir);
        return 0;
    }
}
