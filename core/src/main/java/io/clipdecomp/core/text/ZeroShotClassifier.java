package io.clipdecomp.core.text;

import java.util.ArrayList;
import java.util.List;

/** Zero-shot class weights: per class, the normalised mean of normalised template embeddings (spec §5). */
public final class ZeroShotClassifier {
    /** Prompts per text forward pass unless told otherwise ({@code text-project}'s default). */
    public static final int DEFAULT_BATCH = 64;

    /**
     * Our own default prompt set: varied photographic framings, written for this project. Users with the
     * paper's 80 templates pass them with {@code --templates}.
     */
    public static final List<String> DEFAULT_TEMPLATES = List.of(
            "a photo of a {}.",
            "a picture of a {}.",
            "an image of a {}.",
            "a photo of the {}.",
            "a close-up photo of a {}.",
            "a blurry photo of a {}.",
            "a bright photo of a {}.",
            "a dark photo of a {}.",
            "a photo of a small {}.",
            "a photo of a large {}.",
            "a cropped photo of a {}.",
            "a low resolution photo of a {}.",
            "a drawing of a {}.",
            "a painting of a {}.",
            "a rendering of a {}.",
            "a {} in the scene.",
            "there is a {} in this photo.",
            "a good photo of a {}.",
            "a snapshot of a {}.",
            "a simple image of a {}.");

    private final TextEncoder encoder;
    private final int batchSize;

    public ZeroShotClassifier(TextEncoder encoder, int batchSize) {
        this.encoder = encoder;
        this.batchSize = batchSize;
    }

    /** Class weights as the [d, C] matrix text-project writes (column c: class c), flattened row by row. */
    public static float[] asMatrix(float[][] classWeights) {
        int classes = classWeights.length;
        int d = classWeights[0].length;
        float[] matrix = new float[d * classes];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                matrix[j * classes + c] = classWeights[c][j];
            }
        }
        return matrix;
    }

    /**
     * One unit vector [d] per class, in the order of {@code classes}: the normalised mean of every template
     * filled with the class's name, or with each of its names where it lists several as {@code a|b|c} (a class
     * made of several kinds, e.g. the shapes of one Waterbirds-style group).
     */
    public float[][] classWeights(List<String> classes, List<String> templates) {
        for (String t : templates) {
            if (!t.contains("{}")) {
                throw new IllegalArgumentException("template '" + t + "' has no {} for the class name");
            }
        }
        float[][] weights = new float[classes.size()][];
        for (int c = 0; c < classes.size(); c++) {
            List<String> texts = new ArrayList<>(templates.size());
            for (String name : classes.get(c).split("\\|")) {
                for (String t : templates) {
                    texts.add(t.replace("{}", name.strip()));
                }
            }
            float[][] rows = encoder.encodeNormalized(texts, batchSize);
            float[] mean = new float[rows[0].length];
            for (float[] r : rows) {
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += r[j] / rows.length;
                }
            }
            TextEncoder.normalize(mean);
            weights[c] = mean;
        }
        return weights;
    }
}
