package io.clipdecomp.core.segment;

import static io.clipdecomp.core.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipdecomp.core.Tolerances;
import io.clipdecomp.core.decompose.ClassContrastScores;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.TestModels;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The class-contrast scores projected inside the pass against the original's route: the full per-token terms
 * [L, N, H, d] (the decomposition's spatial output), dotted with every class, the predicted class's score minus the
 * mean over classes.
 */
class ZeroShotSegmenterTest {
    private static final int CLASSES = 5;

    static Stream<ClipConfig> geometries() {
        return Stream.of(TestModels.tiny(), TestModels.quickGelu(), TestModels.singleHead());
    }

    private static float[][] classes(int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] w = new float[CLASSES][d];
        for (float[] c : w) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) r.nextDouble(-1, 1);
            }
        }
        return w;
    }

    /** The original's token map from the spatial terms: per token, [class scores] then predicted minus mean. */
    private static double[] originalScores(ImageDecomposition r, float[][] w, int predicted) {
        int d = r.dim();
        int cells = r.spatial().length / d; // L * N * H
        double[] out = new double[cells];
        for (int cell = 0; cell < cells; cell++) {
            double[] s = new double[CLASSES];
            double mean = 0;
            for (int c = 0; c < CLASSES; c++) {
                for (int j = 0; j < d; j++) {
                    s[c] += r.spatial()[cell * d + j] * w[c][j];
                }
                mean += s[c] / CLASSES;
            }
            out[cell] = s[predicted] - mean;
        }
        return out;
    }

    private static int argmax(float[] embedding, float[][] w) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double s = 0;
            for (int j = 0; j < embedding.length; j++) {
                s += embedding[j] * w[c][j];
            }
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void scoresEqualTheSpatialTermsDottedWithTheClassContrast(ClipConfig config) {
        float[][] w = classes(config.embedDim(), 3);
        try (ClipModel model = TestModels.random(config, 12); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            List<float[]> pixels = List.of(TestModels.pixels(config, 1), TestModels.pixels(config, 2),
                    TestModels.pixels(config, 3));
            List<ImageDecomposition> spatial = decomposer.decompose(pixels, DecompositionOptions.SPATIAL);
            List<ClassContrastScores> scored = decomposer.classContrast(pixels, w);
            for (int i = 0; i < pixels.size(); i++) {
                int predicted = argmax(spatial.get(i).embedding(), w);
                assertEquals(predicted, scored.get(i).predictedClass(), "image " + i);
                assertClose("class contrast of image " + i, originalScores(spatial.get(i), w, predicted),
                        scored.get(i).scores(), Tolerances.VS_PLAIN);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void patchMapsSumTheSelectedHeadsOverImageTokens(ClipConfig config) {
        float[][] w = classes(config.embedDim(), 5);
        int layers = config.vision().layers();
        int heads = config.vision().heads();
        int tokens = config.vision().tokens();
        HeadSelection some = HeadSelection.parse((layers - 1) + ".0" + (heads > 1 ? "," + (layers - 1) + ".1" : ""));
        try (ClipModel model = TestModels.random(config, 7); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            float[] px = TestModels.pixels(config, 9);
            ImageDecomposition spatial = decomposer.decompose(List.of(px), DecompositionOptions.SPATIAL).get(0);
            int predicted = argmax(spatial.embedding(), w);
            double[] cells = originalScores(spatial, w, predicted);
            for (HeadSelection selection : List.of(HeadSelection.all(), some)) {
                PatchMap map = new ZeroShotSegmenter(decomposer, w, selection).patchMaps(List.of(px)).get(0);
                assertEquals(config.vision().grid(), map.grid());
                assertEquals(predicted, map.predictedClass());
                double[] expected = new double[tokens - 1];
                for (int l = 0; l < layers; l++) {
                    for (int n = 1; n < tokens; n++) {
                        for (int h = 0; h < heads; h++) {
                            if (selection.includes(l, h)) {
                                expected[n - 1] += cells[(l * tokens + n) * heads + h];
                            }
                        }
                    }
                }
                assertClose("patch map, " + selection, expected, map.values(), Tolerances.VS_PLAIN);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void anImageScoresTheSameAloneAndInABatch(ClipConfig config) {
        float[][] w = classes(config.embedDim(), 8);
        try (ClipModel model = TestModels.random(config, 4); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            float[] a = TestModels.pixels(config, 21);
            ClassContrastScores alone = decomposer.classContrast(List.of(a), w).get(0);
            ClassContrastScores batched = decomposer.classContrast(List.of(TestModels.pixels(config, 22), a), w).get(1);
            double[] expected = new double[alone.scores().length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = alone.scores()[i];
            }
            assertEquals(alone.predictedClass(), batched.predictedClass());
            assertClose("alone vs in a batch", expected, batched.scores(), 1e-5);
        }
    }
}
