package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.analysis.ClassLabels;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.io.RequiredFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags naming a decomposition on disk that the analyses read: folder, dataset, model, label order. */
public final class DecompositionInput {

    @Option(names = "--input-dir", required = true, paramLabel = "DIR",
            description = "Folder holding {dataset}_attn_{model}.npy, _mlp_, _cls_attn_, _classifier_ and the labels.")
    Path inputDir;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset name in the file names.")
    String dataset;

    @Option(names = "--model-name", required = true, paramLabel = "NAME", description = "Model name in the file names.")
    String modelName;

    @Option(names = "--imagenet-order",
            description = "Labels are i // 50 (sorted ImageNet validation order) instead of a labels file.")
    boolean imagenetOrder;

    /** The input folder, resolved against the working directory. */
    Path dir() {
        return inputDir.toAbsolutePath().normalize();
    }

    /** {@code --out-dir} when given, else the input folder; created here, once the results are complete. */
    Path createOutDir(Path outDir) throws IOException {
        Path dir = outDir != null ? outDir.toAbsolutePath().normalize() : dir();
        Files.createDirectories(dir);
        return dir;
    }

    /** The labels of {@code rows} rows: i // 50 with --imagenet-order, else from the labels file. */
    ClassLabels labels(long rows) throws IOException {
        return imagenetOrder ? ClassLabels.imagenetOrder() : ClassLabels.open(dir(), dataset, modelName, rows);
    }

    /** {@code {dataset}_classifier_{model}.npy}, as text-project writes it. */
    LinearClassifier classifier() throws IOException {
        return LinearClassifier.read(RequiredFile.existing(dir().resolve(dataset + "_classifier_" + modelName + ".npy"),
                "`text-project` writes it"));
    }
}
