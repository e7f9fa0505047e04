package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.text.TextLines;

import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code text-set}: L2-normalised text embeddings of a file of texts (compute_text_set_projection.py). */
@Command(name = "text-set", mixinStandardHelpOptions = true,
        description = "Encodes a file of texts (one per line) into L2-normalised CLIP text embeddings, "
                + "written to {name}_{model}.npy [M, d], name being the file's name without .txt.")
public final class TextSetCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Option(names = "--texts", required = true, paramLabel = "FILE", description = "Texts, one per line.")
    Path texts;

    @Option(names = "--skip-blank",
            description = "Leave blank lines out (listed on stderr) instead of refusing the file; row i is then the "
                    + "i-th non-blank line, as textspan reads the file.")
    boolean skipBlank;

    @Option(names = "--batch-size", defaultValue = "64", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        List<Integer> skipped = new ArrayList<>();
        List<String> lines = TextLines.read(texts.toAbsolutePath(), skipBlank, skipped);
        if (!skipped.isEmpty()) {
            System.err.println("text-set: left out blank lines " + skipped + " of " + texts);
        }
        ModelFolder folder = model.folder();
        String fileName = texts.getFileName().toString();
        String name = fileName.endsWith(".txt") ? fileName.substring(0, fileName.length() - 4) : fileName;
        Path out;
        // the output folder is touched only once texts, tokenizer and model have been read and used
        try (ClipTokenizer tokenizer = ClipTokenizer.forModel(folder);
             ClipModel clip = model.load(folder)) {
            float[][] rows = new TextEncoder(clip, tokenizer).encodeNormalized(lines, batchSize);
            out = output.create().resolve(name + "_" + model.modelName() + ".npy");
            NpyWriter.writeRows(out, rows);
        }
        System.out.println("wrote " + out + " [" + lines.size() + ", " + folder.config().embedDim() + "]");
        return 0;
    }
}
