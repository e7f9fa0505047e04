package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.data.ShapesDataset;
import io.clipdecomp.core.text.TextLines;

import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import io.clipdecomp.core.text.ZeroShotClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code text-project}: the zero-shot classifier of a dataset's classes (compute_text_projection.py). */
@Command(name = "text-project", mixinStandardHelpOptions = true,
        description = "Builds the zero-shot classifier {dataset}_classifier_{model}.npy [d, C]: for each class, "
                + "the normalised mean of the normalised embeddings of every template filled with its name.")
public final class TextProjectCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Option(names = "--dataset", defaultValue = "folder",
            description = "Dataset name used in the output file name (default: ${DEFAULT-VALUE}); "
                    + "binary_waterbirds and shapes (the generated dataset's shape labels) have their classes built in.")
    String dataset;

    @Option(names = "--classnames", paramLabel = "FILE",
            description = "Class names, one per line, in label order; a line a|b|c gives one class of several names.")
    Path classnames;

    @Option(names = "--templates", paramLabel = "FILE",
            description = "Templates, one per line, {} where the class name goes (default: a built-in set).")
    Path templates;

    @Option(names = "--batch-size", defaultValue = "" + ZeroShotClassifier.DEFAULT_BATCH,
            description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        List<String> classes = classNames();
        List<String> forms = templates == null ? ZeroShotClassifier.DEFAULT_TEMPLATES
                : TextLines.read(templates.toAbsolutePath());
        ModelFolder folder = model.folder();
        // the output folder is touched only once names, templates, tokenizer and model have been read and used
        try (ClipTokenizer tokenizer = ClipTokenizer.forModel(folder);
             ClipModel clip = model.load(folder)) {
            float[][] columns = new ZeroShotClassifier(new TextEncoder(clip, tokenizer), batchSize)
                    .classWeights(classes, forms);
            int d = clip.config().embedDim();
            Path out = output.create().resolve(dataset + "_classifier_" + model.modelName() + ".npy");
            NpyWriter.write(out, ZeroShotClassifier.asMatrix(columns), d, classes.size());
            System.out.println("wrote " + out + " [" + d + ", " + classes.size() + "] from " + classes.size()
                    + " classes x " + forms.size() + " templates");
        }
        return 0;
    }

    private List<String> classNames() throws java.io.IOException {
        if (classnames != null) {
            return TextLines.read(classnames.toAbsolutePath());
        }
        if (dataset.equals("binary_waterbirds")) {
            return List.of("landbird", "waterbird");
        }
        if (dataset.equals(ShapesDataset.NAME)) {
            return ShapesDataset.shapeClasses();
        }
        throw new IllegalArgumentException("--classnames FILE is required for dataset '" + dataset
                + "' (only binary_waterbirds and shapes have their classes built in)");
    }
}
