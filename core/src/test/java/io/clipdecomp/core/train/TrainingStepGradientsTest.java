package io.clipdecomp.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ClipWeights;
import io.clipdecomp.core.model.DirectBuffers;
import io.clipdecomp.core.model.TestModels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A training step's gradients do not depend on when Java collects garbage: its graph holds libtorch memory only. */
class TrainingStepGradientsTest {
    private static final int BATCH = 4;

    static Stream<ClipConfig> geometries() {
        return Stream.of(TestModels.tiny(), TestModels.quickGelu());
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void aCollectionBetweenForwardAndBackwardLeavesEveryGradientAsItWas(ClipConfig config) throws Exception {
        Map<String, float[]> undisturbed = gradients(config, false);
        Map<String, float[]> collected = gradients(config, true);
        for (Map.Entry<String, float[]> e : undisturbed.entrySet()) {
            assertArrayEquals(e.getValue(), collected.get(e.getKey()), e.getKey());
        }
        double sumOfSquares = 0;
        for (float[] g : undisturbed.values()) {
            for (float v : g) {
                assertTrue(Float.isFinite(v), "finite gradients");
                sumOfSquares += (double) v * v;
            }
        }
        assertTrue(sumOfSquares > 0, "the step has gradients to compare");
    }

    /** One contrastive step's gradients of every parameter, optionally collecting garbage before backward. */
    private static Map<String, float[]> gradients(ClipConfig config, boolean collectBeforeBackward)
            throws InterruptedException {
        Engine engine = Engine.getEngine("PyTorch");
        Map<String, float[]> gradients = new LinkedHashMap<>();
        NDManager manager = engine.newBaseManager(Device.cpu());
        try (ClipModel model = ClipModel.of(ClipWeights.initialised(config, 5, manager))) { // closes the manager
            Map<String, NDArray> parameters = model.weights().asMap();
            parameters.values().forEach(p -> p.setRequiresGradient(true));
            int s = config.vision().imageSize();
            float[] pixels = new float[BATCH * 3 * s * s];
            long[][] tokens = new long[BATCH][];
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < BATCH; i++) {
                System.arraycopy(TestModels.pixels(config, i), 0, pixels, i * 3 * s * s, 3 * s * s);
                tokens[i] = random.longs(config.text().contextLength(), 1, config.text().vocabSize()).toArray();
            }
            try (NDManager scope = model.newBatchManager();
                 GradientCollector collector = engine.newGradientCollector()) {
                NDArray images = model.vision().encode(scope.create(pixels, new Shape(BATCH, 3, s, s)));
                NDArray texts = model.text().encode(scope, tokens);
                NDArray loss = ContrastiveLoss.of(images, texts, parameters.get("logit_scale"), scope);
                if (collectBeforeBackward) {
                    DirectBuffers.collectUnreachable();
                }
                collector.backward(loss);
            }
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                try (NDArray g = e.getValue().getGradient()) {
                    gradients.put(e.getKey(), g.toFloatArray());
                }
            }
        }
        return gradients;
    }
}
