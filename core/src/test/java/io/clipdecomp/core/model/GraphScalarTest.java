package io.clipdecomp.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class GraphScalarTest {
    /**
     * The scalar is still there for the backward pass after Java has collected its garbage (with DJL's
     * {@code mul(0.25f)} in its place the gradient read here is freed memory: 1.4e-45 on this machine).
     */
    @Test
    void productsAndQuotientsKeepTheirScalarForTheBackwardPass() throws InterruptedException {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            NDArray x = manager.ones(new Shape(4));
            x.setRequiresGradient(true);
            try (NDManager scope = manager.newSubManager();
                 GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = x.mul(GraphScalar.of(scope, 0.25f)).add(x.div(GraphScalar.of(scope, 2f)));
                DirectBuffers.collectUnreachable();
                collector.backward(y.sum());
            }
            assertArrayEquals(new float[] {0.75f, 0.75f, 0.75f, 0.75f}, x.getGradient().toFloatArray());
        }
    }
}
