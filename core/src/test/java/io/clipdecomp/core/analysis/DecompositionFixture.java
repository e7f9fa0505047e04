package io.clipdecomp.core.analysis;

import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.io.NpyWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A random decomposition in the seed's file layout, with class signal in a few heads and in the MLPs so that every
 * ablation moves the accuracy, kept in memory too for plain re-computations.
 */
public final class DecompositionFixture {
    public final int k;
    public final TermShape shape;
    public final int classes;
    public final float[] heads; // [K, L, H, d]
    public final float[] mlps; // [K, L+1, d]
    public final float[] cls; // [K, L, d]
    public final float[] classifier; // [d, C]
    public final long[] labels;

    public DecompositionFixture(long seed, int k, TermShape shape, int classes) {
        this.k = k;
        this.shape = shape;
        this.classes = classes;
        SplittableRandom r = new SplittableRandom(seed);
        int d = shape.dim();
        classifier = new float[d * classes];
        for (int i = 0; i < classifier.length; i++) {
            classifier[i] = (float) r.nextGaussian();
        }
        labels = new long[k];
        heads = new float[k * shape.headLength()];
        mlps = new float[k * shape.mlpLength()];
        cls = new float[k * shape.clsLength()];
        for (int i = 0; i < k; i++) {
            int label = r.nextInt(classes);
            labels[i] = label;
            for (int l = 0; l < shape.layers(); l++) {
                for (int h = 0; h < shape.heads(); h++) {
                    // later layers and the first head of each carry more of the class
                    double signal = (h == 0 ? 1.0 : 0.2) * (l + 1) / shape.layers();
                    int o = i * shape.headLength() + shape.headOffset(l, h);
                    for (int j = 0; j < d; j++) {
                        heads[o + j] = (float) (signal * classifier[j * classes + label] + 0.6 * r.nextGaussian()
                                + 0.1 * (h + 1));
                    }
                }
                for (int j = 0; j < d; j++) {
                    cls[i * shape.clsLength() + l * d + j] = (float) (0.3 * classifier[j * classes + label]
                            + 0.3 * r.nextGaussian());
                }
            }
            for (int m = 0; m <= shape.layers(); m++) {
                for (int j = 0; j < d; j++) {
                    mlps[i * shape.mlpLength() + m * d + j] = (float) (0.4 * classifier[j * classes + label]
                            + 0.5 * r.nextGaussian());
                }
            }
        }
    }

    /** Writes the files as {@code decompose} names them, labels under {@code labelsName} (e.g. x_labels_m.npy). */
    public void write(Path dir, String dataset, String model, String labelsName) throws IOException {
        int l = shape.layers();
        int d = shape.dim();
        NpyWriter.write(DecompositionFiles.path(dir, dataset, "attn", model), heads, k, l, shape.heads(), d);
        NpyWriter.write(DecompositionFiles.path(dir, dataset, "mlp", model), mlps, k, l + 1, d);
        NpyWriter.write(DecompositionFiles.path(dir, dataset, "cls_attn", model), cls, k, l, d);
        NpyWriter.write(DecompositionFiles.path(dir, dataset, "classifier", model), classifier, d, classes);
        if (labelsName != null) {
            NpyWriter.write(dir.resolve(labelsName), labels, k);
        }
    }

    /** The predicted class of a representation, plainly. */
    public int predict(double[] x) {
        int best = 0;
        double bestLogit = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double logit = 0;
            for (int j = 0; j < x.length; j++) {
                logit += x[j] * classifier[j * classes + c];
            }
            if (logit > bestLogit) {
                bestLogit = logit;
                best = c;
            }
        }
        return best;
    }

    public LinearClassifier linearClassifier() {
        return new LinearClassifier(shape.dim(), classes, classifier);
    }
}
