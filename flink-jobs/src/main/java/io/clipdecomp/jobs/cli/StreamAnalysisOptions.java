package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.textspan.TextSet;
import io.clipdecomp.jobs.operators.AnalysisSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The flags that turn on TextSpan and mean-ablation reports in the streaming job. */
public final class StreamAnalysisOptions {
    private static final List<String> TEXTSPAN_ONLY = List.of("--texts-per-head", "--num-of-last-layers",
            "--w-ov-rank", "--textspan-every");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--text-set", paramLabel = "FILE.txt",
            description = "Texts, one per line: run TextSpan on every head of the last layers (needs --text-embeddings).")
    Path textSet;

    @Option(names = "--text-embeddings", paramLabel = "FILE.npy",
            description = "The texts' embeddings [M, d] as text-set writes them, row m for line m.")
    Path textEmbeddings;

    @Mixin
    TextSpanParameters textSpan;

    @Option(names = "--textspan-every", defaultValue = "1000", paramLabel = "N",
            description = "Images between two TextSpan results of a head (default: ${DEFAULT-VALUE}).")
    long textSpanEvery;

    @Option(names = "--classifier", paramLabel = "FILE.npy",
            description = "Zero-shot classifier [d, C] (text-project's output): report mean-ablation accuracies of "
                    + "labelled images with the running means.")
    Path classifier;

    @Option(names = "--spurious-heads", paramLabel = "l.h,...",
            description = "Heads to remove in spurious-cue reports on (y, place)-labelled images, as spurious's "
                    + "--heads (needs --classifier of the y classes).")
    String spuriousHeads;

    @Option(names = "--segment",
            description = "Segment every image against the class --classifier predicts (segment's protocol): "
                    + "masks, heatmaps and, for images that carry a true mask, per-image and running metrics.")
    boolean segment;

    /** The classifier the decomposition segments with (checked when the analyses are), or null. */
    String segmentationClassifier() {
        if (segment && classifier == null) {
            throw new IllegalArgumentException("--segment needs --classifier");
        }
        return segment ? classifier.toAbsolutePath().toString() : null;
    }

    /** The job's analyses for a model of {@code config}, checked against it and against each other. */
    AnalysisSettings settings(ClipConfig config) throws IOException {
        if ((textSet == null) != (textEmbeddings == null)) {
            throw new IllegalArgumentException("--text-set and --text-embeddings go together");
        }
        if (textSet == null) {
            for (String option : TEXTSPAN_ONLY) {
                if (command.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " only applies to TextSpan: add --text-set and "
                            + "--text-embeddings or leave it out");
                }
            }
        }
        AnalysisSettings.TextSpanSettings ts = null;
        if (textSet != null) {
            textSpan.requireLayers(config.vision().layers());
            String file = textSet.getFileName().toString();
            String name = file.endsWith(".txt") ? file.substring(0, file.length() - 4) : file;
            TextSet set = TextSet.read(name, textSet.toAbsolutePath(), textEmbeddings.toAbsolutePath());
            if (set.embeddings()[0].length != config.embedDim()) {
                throw new IllegalArgumentException(textEmbeddings + " holds " + set.embeddings()[0].length
                        + "-dimensional embeddings; the model's are " + config.embedDim());
            }
            ts = new AnalysisSettings.TextSpanSettings(name, textSet.toAbsolutePath().toString(),
                    textEmbeddings.toAbsolutePath().toString(), textSpan.textsPerHead, textSpan.lastLayers,
                    textSpan.rank, textSpanEvery);
        }
        String classifierFile = null;
        if (classifier != null) {
            LinearClassifier.read(classifier.toAbsolutePath()).requireDim(config.embedDim(), "the model");
            classifierFile = classifier.toAbsolutePath().toString();
        }
        List<HeadIndex> heads = List.of();
        if (spuriousHeads != null) {
            if (classifierFile == null) {
                throw new IllegalArgumentException("--spurious-heads needs --classifier");
            }
            heads = HeadIndex.parseList(spuriousHeads);
            TermShape shape = new TermShape(config.vision().layers(), config.vision().heads(), config.embedDim());
            heads.forEach(h -> h.requireIn(shape));
        }
        return new AnalysisSettings(ts, classifierFile, heads);
    }
}
