package io.clipdecomp.jobs.demo;

import ai.djl.Device;
import io.clipdecomp.core.data.ShapesDataset;
import io.clipdecomp.core.descriptions.DescriptionWorld;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import io.clipdecomp.core.text.ZeroShotClassifier;
import io.clipdecomp.jobs.operators.AnalysisSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's TextSpan and mean-ablation inputs, made with its model at start: the shapes world's own
 * descriptions and their embeddings, and a zero-shot classifier of the shape classes the images are labelled with.
 */
final class DemoAnalyses {
    /** Name of the demo's text set. */
    static final String TEXT_SET = "shapes_descriptions";
    /** Descriptions in the text set. */
    private static final int TEXTS = 1000;
    /** Picks per head. */
    static final int TEXTS_PER_HEAD = 5;
    /** Heads of this many last layers get TextSpan results. */
    static final int LAST_LAYERS = 2;
    /** The original's rank; at or above a small model's width the texts are not projected. */
    private static final int RANK = 80;

    private DemoAnalyses() {
    }

    /** Writes the text set and the classifier into {@code work} and returns the settings that use them. */
    static AnalysisSettings prepare(ModelFolder folder, Path work, long every) throws IOException {
        List<String> texts = DescriptionWorld.SHAPES.texts(TEXTS, 0);
        Path textFile = work.resolve(TEXT_SET + ".txt");
        Files.write(textFile, texts, StandardCharsets.UTF_8);
        Path embeddingFile = work.resolve(TEXT_SET + ".npy");
        Path classifierFile = work.resolve("shapes_classifier.npy");
        try (ClipModel model = ClipModel.load(folder, Device.cpu());
             ClipTokenizer tokenizer = ClipTokenizer.forModel(folder)) {
            TextEncoder encoder = new TextEncoder(model, tokenizer);
            int d = folder.config().embedDim();
            NpyWriter.writeRows(embeddingFile, encoder.encodeNormalized(texts, 64));
            List<String> classes = ShapesDataset.shapeClasses();
            float[][] weights = new ZeroShotClassifier(encoder, 64).classWeights(classes,
                    ZeroShotClassifier.DEFAULT_TEMPLATES);
            NpyWriter.write(classifierFile, ZeroShotClassifier.asMatrix(weights), d, classes.size());
        }
        int lastLayers = Math.min(LAST_LAYERS, folder.config().vision().layers());
        return new AnalysisSettings(new AnalysisSettings.TextSpanSettings(TEXT_SET, textFile.toString(),
                embeddingFile.toString(), TEXTS_PER_HEAD, lastLayers, RANK, every), classifierFile.toString());
    }
}
