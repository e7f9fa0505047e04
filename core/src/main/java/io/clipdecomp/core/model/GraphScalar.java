package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A scalar as a 0-d array in libtorch's own memory: the form to multiply or divide by in anything that
 * training differentiates.
 *
 * <p>Why: DJL's {@code mul(Number)} and {@code div(Number)} wrap the number in an array over Java direct memory
 * and close it as soon as the operation returns, but the autograd graph keeps that array for the backward pass.
 * Once Java collects the buffer, backward reads freed memory: a wrong gradient, now and then NaN, whenever a
 * garbage collection falls between a step's forward and backward pass (this is what made two training runs
 * from one seed part ways after a few thousand steps). An array libtorch allocated lives as long as the graph
 * holds it. The product is the same float operation either way, so inference results do not change.
 */
public final class GraphScalar {
    private GraphScalar() {
    }

    /** The value as a float32 0-d array owned by libtorch, attached to {@code manager}. */
    public static NDArray of(NDManager manager, float value) {
        return manager.full(new Shape(), value);
    }
}
