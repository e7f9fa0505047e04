package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.bench.SyntheticDecomposition;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipGeometries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate-decomposition}: a random decomposition of a named geometry, to size ablate and textspan. */
@Command(name = "generate-decomposition", mixinStandardHelpOptions = true,
        description = "Writes a random decomposition in a named geometry (the files decompose, text-project and "
                + "text-set write: {dataset}_attn_{model}.npy, _mlp_, _cls_attn_, _labels_, _classifier_, and a "
                + "text set), row by row, to measure ablate and textspan on any number of rows without a model.")
public final class GenerateDecompositionCommand implements Callable<Integer> {

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Folder to write into; must not exist.")
    Path outDir;

    @Option(names = "--geometry", defaultValue = "ViT-B-16",
            description = "ViT-B-16, ViT-L-14 or ViT-H-14 (default: ${DEFAULT-VALUE}).")
    String geometry;

    @Option(names = "--rows", required = true, paramLabel = "K", description = "Images (rows) to write.")
    long rows;

    @Option(names = "--classes", defaultValue = "1000", description = "Classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--texts", defaultValue = "3498", description = "Texts in the text set (default: ${DEFAULT-VALUE}).")
    int texts;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || classes < 1 || texts < 1) {
            throw new IllegalArgumentException("--rows, --classes and --texts must be at least 1");
        }
        Path dir = outDir.toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists; give a new folder");
        }
        ClipConfig config = ClipGeometries.named(geometry);
        TermShape shape = new TermShape(config.vision().layers(), config.vision().heads(), config.embedDim());
        new SyntheticDecomposition(shape, classes, texts, seed).write(dir, "synthetic", geometry, "texts", rows);
        System.out.printf("wrote %d rows of a random %s decomposition (synthetic_*_%s.npy, texts.txt) to %s%n", rows,
                geometry, geometry, dir);
        return 0;
    }
}
