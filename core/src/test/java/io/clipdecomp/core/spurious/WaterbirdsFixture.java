package io.clipdecomp.core.spurious;

import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.io.NpyWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random Waterbirds-like decomposition in the seed's file layout: a binary classifier, the class y carried by
 * head 0 of every layer (mostly of the last four), and a planted place head that pushes the prediction towards the place (so the groups where
 * y and place disagree are the worst); kept in memory for plain re-computations.
 */
public final class WaterbirdsFixture {
    public final int k;
    public final TermShape shape;
    public final HeadIndex placeHead;
    public final float[] heads; // [K, L, H, d]
    public final float[] mlps; // [K, L+1, d]
    public final float[] classifier; // [d, 2]
    public final long[] y;
    public final long[] place;
    /** The unit direction the place head varies along: (w₁ − w₀)/‖w₁ − w₀‖. */
    public final double[] placeDirection;

    /**
     * @param agreement chance that the place equals y (0.5: independent)
     * @param placeStrength how far the place head pushes along the place direction
     */
    public WaterbirdsFixture(long seed, int k, TermShape shape, HeadIndex placeHead, double agreement,
                             double placeStrength) {
        this.k = k;
        this.shape = shape;
        this.placeHead = placeHead;
        SplittableRandom r = new SplittableRandom(seed);
        int d = shape.dim();
        classifier = new float[d * 2];
        for (int i = 0; i < classifier.length; i++) {
            classifier[i] = (float) r.nextGaussian();
        }
        placeDirection = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
            placeDirection[j] = classifier[j * 2 + 1] - classifier[j * 2];
            norm += placeDirection[j] * placeDirection[j];
        }
        for (int j = 0; j < d; j++) {
            placeDirection[j] /= Math.sqrt(norm);
        }
        // the heads' non-zero means lie off the classifier's direction, so they do not favour a class
        double[] offset = new double[d];
        double along = 0;
        for (int j = 0; j < d; j++) {
            offset[j] = r.nextGaussian();
            along += offset[j] * placeDirection[j];
        }
        double offsetNorm = 0;
        for (int j = 0; j < d; j++) {
            offset[j] -= along * placeDirection[j];
            offsetNorm += offset[j] * offset[j];
        }
        for (int j = 0; j < d; j++) {
            offset[j] /= Math.sqrt(offsetNorm);
        }
        y = new long[k];
        place = new long[k];
        heads = new float[k * shape.headLength()];
        mlps = new float[k * shape.mlpLength()];
        for (int i = 0; i < k; i++) {
            y[i] = r.nextInt(2);
            place[i] = r.nextDouble() < agreement ? y[i] : 1 - y[i];
            double ySign = y[i] == 1 ? 1 : -1;
            double placeSign = place[i] == 1 ? 1 : -1;
            for (int l = 0; l < shape.layers(); l++) {
                for (int h = 0; h < shape.heads(); h++) {
                    int o = i * shape.headLength() + shape.headOffset(l, h);
                    boolean planted = l == placeHead.layer() && h == placeHead.head();
                    for (int j = 0; j < d; j++) {
                        double v = 0.5 * r.nextGaussian() + 0.2 * (h + 1) * offset[j];
                        if (h == 0) {
                            v += (l >= shape.layers() - 4 ? 0.5 : 0.1) * ySign * placeDirection[j];
                        }
                        if (planted) {
                            v += placeStrength * placeSign * placeDirection[j];
                        }
                        heads[o + j] = (float) v;
                    }
                }
            }
            for (int m = 0; m <= shape.layers(); m++) {
                for (int j = 0; j < d; j++) {
                    mlps[i * shape.mlpLength() + m * d + j] = (float) (0.05 * ySign * placeDirection[j]
                            + 0.4 * r.nextGaussian());
                }
            }
        }
    }

    /** Writes the files as {@code decompose} names them, the (y, place) labels [K, 2, 1] as {@code labelsName}. */
    public void write(Path dir, String dataset, String model, String labelsName) throws IOException {
        int l = shape.layers();
        int d = shape.dim();
        NpyWriter.write(DecompositionFiles.path(dir, dataset, "attn", model), heads, k, l, shape.heads(), d);
        NpyWriter.write(DecompositionFiles.path(dir, dataset, "mlp", model), mlps, k, l + 1, d);
        NpyWriter.write(DecompositionFiles.path(dir, dataset, "classifier", model), classifier, d, 2);
        long[] labels = new long[2 * k];
        for (int i = 0; i < k; i++) {
            labels[2 * i] = y[i];
            labels[2 * i + 1] = place[i];
        }
        NpyWriter.write(dir.resolve(labelsName), labels, k, 2, 1);
    }

    /**
     * compute_use_specific_heads.py written out plainly: the accuracies per group of the sum of all terms after
     * replacing {@code removed}, every head of layers 0..L−5 and every MLP term by its mean over the K images
     * (none replaced for the baseline: pass null).
     */
    public GroupAccuracies plain(List<HeadIndex> removed) {
        int d = shape.dim();
        int layers = shape.layers();
        boolean[][] replace = new boolean[layers][shape.heads()];
        if (removed != null) {
            for (HeadIndex h : removed) {
                replace[h.layer()][h.head()] = true;
            }
            for (int l = 0; l < layers - 4; l++) {
                for (int h = 0; h < shape.heads(); h++) {
                    replace[l][h] = true;
                }
            }
        }
        double[][][] headMean = new double[layers][shape.heads()][d];
        double[][] mlpMean = new double[layers + 1][d];
        for (int i = 0; i < k; i++) {
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < shape.heads(); h++) {
                    for (int j = 0; j < d; j++) {
                        headMean[l][h][j] += heads[i * shape.headLength() + shape.headOffset(l, h) + j] / (double) k;
                    }
                }
            }
            for (int m = 0; m <= layers; m++) {
                for (int j = 0; j < d; j++) {
                    mlpMean[m][j] += mlps[i * shape.mlpLength() + m * d + j] / (double) k;
                }
            }
        }
        long[] images = new long[4];
        long[] hits = new long[4];
        for (int i = 0; i < k; i++) {
            double[] x = new double[d];
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < shape.heads(); h++) {
                    for (int j = 0; j < d; j++) {
                        x[j] += replace[l][h] ? headMean[l][h][j]
                                : heads[i * shape.headLength() + shape.headOffset(l, h) + j];
                    }
                }
            }
            for (int m = 0; m <= layers; m++) {
                for (int j = 0; j < d; j++) {
                    x[j] += removed != null ? mlpMean[m][j] : mlps[i * shape.mlpLength() + m * d + j];
                }
            }
            double logit0 = 0;
            double logit1 = 0;
            for (int j = 0; j < d; j++) {
                logit0 += x[j] * classifier[j * 2];
                logit1 += x[j] * classifier[j * 2 + 1];
            }
            int predicted = logit1 > logit0 ? 1 : 0;
            int g = (int) (2 * y[i] + place[i]);
            images[g]++;
            if (predicted == y[i]) {
                hits[g]++;
            }
        }
        return new GroupAccuracies(images, hits);
    }

    /** Every head of the last four layers. */
    public List<HeadIndex> lastFourLayers() {
        List<HeadIndex> out = new ArrayList<>();
        for (int l = Math.max(0, shape.layers() - 4); l < shape.layers(); l++) {
            for (int h = 0; h < shape.heads(); h++) {
                out.add(new HeadIndex(l, h));
            }
        }
        return out;
    }

    /** A unit text embedding near {@code direction}: the direction plus a little noise, normalised. */
    public static float[] textNear(double[] direction, SplittableRandom random) {
        double[] v = new double[direction.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = direction[j] + 0.3 * random.nextGaussian() / Math.sqrt(v.length);
        }
        return normalised(v);
    }

    /** A unit text embedding in a random direction. */
    public static float[] randomText(int dim, SplittableRandom random) {
        double[] v = new double[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = random.nextGaussian();
        }
        return normalised(v);
    }

    private static float[] normalised(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = (float) (v[j] / Math.sqrt(n));
        }
        return out;
    }
}
