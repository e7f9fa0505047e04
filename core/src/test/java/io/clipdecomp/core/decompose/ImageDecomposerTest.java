package io.clipdecomp.core.decompose;

import static io.clipdecomp.core.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.Tolerances;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.PlainClip;
import io.clipdecomp.core.model.TestModels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageDecomposerTest {

    static Stream<ClipConfig> geometries() {
        return Stream.of(TestModels.tiny(), TestModels.quickGelu(), TestModels.singleHead());
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void termsSumToTheUnitEmbedding(ClipConfig config) {
        try (ClipModel model = TestModels.random(config, 11); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            List<ImageDecomposition> out = decomposer.decompose(
                    List.of(TestModels.pixels(config, 1), TestModels.pixels(config, 2), TestModels.pixels(config, 3)),
                    DecompositionOptions.SPATIAL);
            for (ImageDecomposition r : out) {
                int d = r.dim();
                double[] unit = new double[d];
                float[] sum = new float[d];
                for (int j = 0; j < d; j++) {
                    unit[j] = r.embedding()[j] / r.embeddingNorm();
                }
                double[] spatialSum = new double[d];
                for (int i = 0; i < r.headTerms().length; i++) {
                    sum[i % d] += r.headTerms()[i];
                }
                for (int i = 0; i < r.mlpTerms().length; i++) {
                    sum[i % d] += r.mlpTerms()[i];
                }
                for (int i = 0; i < r.spatial().length; i++) {
                    spatialSum[i % d] += r.spatial()[i];
                }
                assertClose("heads + mlps vs unit embedding", unit, sum, Tolerances.SUM_IDENTITY);
                // the per-token terms summed over tokens are the per-head terms
                float[] headSum = new float[d];
                for (int i = 0; i < r.headTerms().length; i++) {
                    headSum[i % d] += r.headTerms()[i];
                }
                assertClose("spatial summed vs heads summed", spatialSum, headSum, Tolerances.SUM_IDENTITY);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void matchesThePlainImplementation(ClipConfig config) {
        try (ClipModel model = TestModels.random(config, 5); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            PlainClip plain = new PlainClip(model.weights());
            float[] a = TestModels.pixels(config, 21);
            float[] b = TestModels.pixels(config, 22);
            List<ImageDecomposition> out = decomposer.decompose(List.of(a, b), DecompositionOptions.SPATIAL);
            for (int i = 0; i < 2; i++) {
                PlainClip.Result expected = plain.image(i == 0 ? a : b);
                ImageDecomposition r = out.get(i);
                assertClose("embedding", expected.embedding(), r.embedding(), Tolerances.VS_PLAIN);
                assertClose("heads", expected.heads(), r.headTerms(), Tolerances.VS_PLAIN);
                assertClose("mlps", expected.mlps(), r.mlpTerms(), Tolerances.VS_PLAIN);
                assertClose("cls_attn", expected.clsAttn(), r.clsAttn(), Tolerances.VS_PLAIN);
                assertClose("spatial", expected.spatial(), r.spatial(), Tolerances.VS_PLAIN);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void patchScoresAreSpatialTermsDottedWithTexts(ClipConfig config) {
        int d = config.embedDim();
        float[][] texts = new float[3][d];
        for (int t = 0; t < 3; t++) {
            for (int j = 0; j < d; j++) {
                texts[t][j] = (float) Math.sin(1.3 * t + 0.7 * j);
            }
        }
        try (ClipModel model = TestModels.random(config, 8); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            float[] px = TestModels.pixels(config, 4);
            ImageDecomposition spatial = decomposer.decompose(List.of(px), DecompositionOptions.SPATIAL).get(0);
            ImageDecomposition scored = decomposer.decompose(List.of(px), new DecompositionOptions(false, texts)).get(0);
            assertNull(scored.spatial());
            assertEquals(3, scored.texts());
            int cells = spatial.spatial().length / d;
            double[] expected = new double[cells * 3];
            for (int c = 0; c < cells; c++) {
                for (int t = 0; t < 3; t++) {
                    for (int j = 0; j < d; j++) {
                        expected[c * 3 + t] += spatial.spatial()[c * d + j] * texts[t][j];
                    }
                }
            }
            assertClose("patch scores", expected, scored.patchScores(), Tolerances.VS_PLAIN);
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void classContrastRidesAlongTheDecompositionsForwardPass(ClipConfig config) {
        int d = config.embedDim();
        float[][] classes = new float[4][d];
        for (int c = 0; c < 4; c++) {
            for (int j = 0; j < d; j++) {
                classes[c][j] = (float) Math.cos(0.9 * c + 0.4 * j);
            }
        }
        try (ClipModel model = TestModels.random(config, 9); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            List<float[]> px = List.of(TestModels.pixels(config, 5), TestModels.pixels(config, 6));
            List<ClassContrastScores> alone = decomposer.classContrast(px, classes);
            List<ImageDecomposition> plain = decomposer.decompose(px, DecompositionOptions.HEADS);
            List<ImageDecomposition> both = decomposer.decompose(px, new DecompositionOptions(false, null, classes));
            for (int i = 0; i < px.size(); i++) {
                assertNull(plain.get(i).classContrast());
                assertEquals(alone.get(i).predictedClass(), both.get(i).classContrast().predictedClass());
                double[] expected = new double[alone.get(i).scores().length];
                for (int k = 0; k < expected.length; k++) {
                    expected[k] = alone.get(i).scores()[k];
                }
                assertClose("contrast scores", expected, both.get(i).classContrast().scores(), Tolerances.VS_PLAIN);
                double[] heads = new double[plain.get(i).headTerms().length];
                for (int k = 0; k < heads.length; k++) {
                    heads[k] = plain.get(i).headTerms()[k];
                }
                assertClose("head terms unchanged", heads, both.get(i).headTerms(), Tolerances.VS_PLAIN);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void decompositionDoesNotDependOnTheBatch() {
        ClipConfig config = TestModels.tiny();
        try (ClipModel model = TestModels.random(config, 3); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            float[] a = TestModels.pixels(config, 1);
            ImageDecomposition alone = decomposer.decompose(List.of(a), DecompositionOptions.HEADS).get(0);
            ImageDecomposition batched = decomposer.decompose(
                    List.of(TestModels.pixels(config, 9), a), DecompositionOptions.HEADS).get(1);
            double[] expected = new double[alone.headTerms().length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = alone.headTerms()[i];
            }
            assertClose("heads alone vs in a batch", expected, batched.headTerms(), 1e-6);
            float[][] plainForward = decomposer.embed(List.of(a));
            for (int j = 0; j < plainForward[0].length; j++) {
                assertTrue(Math.abs(plainForward[0][j] - alone.embedding()[j]) < 1e-5, "forward with and without tap");
            }
        }
    }
}
