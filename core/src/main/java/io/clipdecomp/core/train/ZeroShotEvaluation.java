package io.clipdecomp.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.shapes.CaptionWriter;
import io.clipdecomp.core.shapes.Scene;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneSpec;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;

/**
 * Zero-shot accuracy on held-out one-object scenes, one prompt per class: shape ("a photo of a circle."),
 * colour ("a photo of a red object.") and background kind ("a photo of grass.").
 */
public final class ZeroShotEvaluation {

    /**
     * Fractions of images whose most similar prompt names their true class.
     *
     * @param images how many scenes were classified
     */
    public record Accuracy(double shape, double colour, double background, int images) {
        /** The smallest of the three. */
        public double worst() {
            return Math.min(shape, Math.min(colour, background));
        }
    }

    private ZeroShotEvaluation() {
    }

    /** Classifies scenes 0..count-1 of {@code seed} (one object each) by shape, colour and background. */
    public static Accuracy evaluate(ClipModel model, ClipTokenizer tokenizer, long seed, int count) {
        TextEncoder text = new TextEncoder(model, tokenizer);
        float[][] shapes = text.encodeNormalized(CaptionWriter.shapePrompts(), 64);
        float[][] colours = text.encodeNormalized(CaptionWriter.colourPrompts(), 64);
        float[][] backgrounds = text.encodeNormalized(CaptionWriter.backgroundPrompts(), 64);
        int s = model.config().vision().imageSize();
        ClipImagePreprocessor preprocessor = ClipImagePreprocessor.forModel(model.config());
        int d = model.config().embedDim();
        int shapeHits = 0;
        int colourHits = 0;
        int backgroundHits = 0;
        int batch = 64;
        for (int start = 0; start < count; start += batch) {
            int n = Math.min(batch, count - start);
            float[] pixels = new float[n * 3 * s * s];
            Scene[] scenes = new Scene[n];
            for (int i = 0; i < n; i++) {
                scenes[i] = SceneGenerator.render(seed, start + i, s, SceneSpec.any().withObjectCount(1));
                System.arraycopy(preprocessor.toPixels(scenes[i].image(), ColourConversion.BEFORE_RESIZE), 0,
                        pixels, i * 3 * s * s, 3 * s * s);
            }
            float[] embeddings;
            try (NDManager m = model.newBatchManager()) {
                NDArray e = model.vision().encode(m.create(pixels, new Shape(n, 3, s, s)));
                embeddings = e.toFloatArray();
            }
            for (int i = 0; i < n; i++) {
                float[] image = new float[d];
                System.arraycopy(embeddings, i * d, image, 0, d);
                Scene scene = scenes[i];
                shapeHits += best(image, shapes) == scene.objects().get(0).shape().ordinal() ? 1 : 0;
                colourHits += best(image, colours) == scene.objects().get(0).colour().ordinal() ? 1 : 0;
                backgroundHits += best(image, backgrounds) == scene.background().ordinal() ? 1 : 0;
            }
        }
        return new Accuracy(shapeHits / (double) count, colourHits / (double) count,
                backgroundHits / (double) count, count);
    }

    /** Index of the row of {@code classes} with the largest dot product with {@code image}. */
    static int best(float[] image, float[][] classes) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes.length; c++) {
            double score = 0;
            for (int j = 0; j < image.length; j++) {
                score += image[j] * classes[c][j];
            }
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }
}
