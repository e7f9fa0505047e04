package io.clipdecomp.core.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipdecomp.core.io.NpyArray;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A zero-shot classifier W [d, C], as {@code text-project} writes it (column c: class c's unit text vector):
 * an image representation x is assigned the class of its largest logit x·W (top-1, as the original's
 * {@code accuracy}).
 */
public final class LinearClassifier implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int dim;
    private final int classes;
    private final double[] weights; // [d, C]

    public LinearClassifier(int dim, int classes, float[] weights) {
        if ((long) dim * classes != weights.length || dim < 1 || classes < 1) {
            throw new IllegalArgumentException("a classifier of " + dim + " x " + classes + " cannot hold "
                    + weights.length + " weights");
        }
        this.dim = dim;
        this.classes = classes;
        this.weights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            this.weights[i] = weights[i];
        }
    }

    /** Reads a float [d, C] .npy file. */
    public static LinearClassifier read(Path file) throws IOException {
        NpyArray a = NpyArray.read(file);
        long[] shape = a.shape();
        if (shape.length != 2 || !a.dtype().isFloating()) {
            throw new IllegalArgumentException(file + " holds " + a.dtype().descr() + " " + Arrays.toString(shape)
                    + "; expected a float classifier [d, C]");
        }
        return new LinearClassifier(Math.toIntExact(shape[0]), Math.toIntExact(shape[1]), a.floats());
    }

    /** Embedding dimensions d. */
    public int dim() {
        return dim;
    }

    /** Number of classes C. */
    public int classes() {
        return classes;
    }

    /** The columns as class directions [C][d] (the weights as read, float32). */
    public float[][] classDirections() {
        float[][] out = new float[classes][dim];
        for (int j = 0; j < dim; j++) {
            for (int c = 0; c < classes; c++) {
                out[c][j] = (float) weights[j * classes + c];
            }
        }
        return out;
    }

    /** Checks that representations of {@code d} dimensions fit this classifier. */
    public void requireDim(int d, String what) {
        if (d != dim) {
            throw new IllegalArgumentException(what + " has " + d + " dimensions, the classifier " + dim);
        }
    }

    /**
     * The predicted class of each of {@code count} representations of d doubles, row after row (one matrix
     * product on DJL's engine, float64).
     */
    public int[] predict(NDManager manager, double[] representations, int count) {
        if (representations.length != (long) count * dim) {
            throw new IllegalArgumentException(count + " representations of " + dim + " cannot hold "
                    + representations.length + " values");
        }
        if (count == 0) {
            return new int[0];
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(representations, new Shape(count, dim));
            NDArray w = m.create(weights, new Shape(dim, classes));
            double[] logits = x.matMul(w).toDoubleArray();
            int[] predicted = new int[count];
            for (int i = 0; i < count; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logits[i * classes + c] > logits[i * classes + best]) {
                        best = c;
                    }
                }
                predicted[i] = best;
            }
            return predicted;
        }
    }
}
