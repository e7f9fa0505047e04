package io.clipdecomp.core.analysis;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Arrays;

/**
 * Counts the top-1 hits of a zero-shot classifier under compute_ablations.py's mean-ablations (spec §6), image
 * by image, against fixed means (of the evaluated images, as the original, or of another split):
 * <ol>
 *   <li>baseline: Σ heads + Σ MLPs (the unit image embedding);
 *   <li>MLPs: every MLP-like term j replaced by its mean;
 *   <li>CLS: per layer, the class-token part replaced by its mean, Σₕ a_{l,h} − c_l + mean(c_l);
 *   <li>MLPs and CLS: both;
 *   <li>attention layers 0..k (k = 0..L−1), each summed over heads, replaced by their means; MLPs intact.
 * </ol>
 * All L+4 variants of a chunk go through the classifier in one matrix product.
 */
public final class MeanAblation {
    private static final int FIXED_VARIANTS = 4;

    private final TermShape shape;
    private final LinearClassifier classifier;
    private final AblationMeans means;
    private final double[] meanMlpTotal; // Σⱼ mean(mⱼ) [d]
    private final double[] meanLayerPrefix; // [L, d]: row k = Σ_{l≤k} mean(layer l)
    private final long[] correct;
    private long images;

    public MeanAblation(AblationMeans means, LinearClassifier classifier) {
        this.shape = means.shape();
        this.classifier = classifier;
        this.means = means;
        classifier.requireDim(shape.dim(), "the decomposition");
        int d = shape.dim();
        int layers = shape.layers();
        meanMlpTotal = new double[d];
        for (int j = 0; j <= layers; j++) {
            for (int c = 0; c < d; c++) {
                meanMlpTotal[c] += means.mlps()[j * d + c];
            }
        }
        meanLayerPrefix = new double[layers * d];
        for (int k = 0; k < layers; k++) {
            for (int c = 0; c < d; c++) {
                meanLayerPrefix[k * d + c] = (k > 0 ? meanLayerPrefix[(k - 1) * d + c] : 0) + means.layers()[k * d + c];
            }
        }
        correct = new long[FIXED_VARIANTS + layers];
    }

    /** Evaluates every row of {@code rows} against {@code means}. */
    public static AblationAccuracies evaluate(NDManager manager, DecompositionRows rows, ClassLabels labels,
                                              AblationMeans means, LinearClassifier classifier) throws IOException {
        if (!rows.shape().equals(means.shape())) {
            throw new IllegalArgumentException("the means are of terms " + means.shape() + ", the rows " + rows.shape());
        }
        MeanAblation ablation = new MeanAblation(means, classifier);
        rows.forEachChunk(chunk -> ablation.add(manager, chunk, labels.labels(chunk.first(), chunk.count())));
        return ablation.accuracies();
    }

    /** Scores the images of a chunk (with class-token terms) whose labels are {@code labels}. */
    public void add(NDManager manager, DecompositionChunk chunk, long[] labels) {
        if (chunk.clsAttn() == null) {
            throw new IllegalArgumentException("mean-ablation needs the class-token terms");
        }
        if (labels.length != chunk.count()) {
            throw new IllegalArgumentException(labels.length + " labels for " + chunk.count() + " images");
        }
        int n = chunk.count();
        int d = shape.dim();
        int layers = shape.layers();
        int variants = correct.length;
        double[] reps = new double[n * variants * d];
        double[] layerSums = new double[layers * d];
        double[] mlpTotal = new double[d];
        double[] suffix = new double[d];
        for (int i = 0; i < n; i++) {
            Arrays.fill(layerSums, 0);
            Arrays.fill(mlpTotal, 0);
            int ho = i * shape.headLength();
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < shape.heads(); h++) {
                    int o = ho + shape.headOffset(l, h);
                    for (int c = 0; c < d; c++) {
                        layerSums[l * d + c] += chunk.heads()[o + c];
                    }
                }
            }
            int mo = i * shape.mlpLength();
            for (int j = 0; j <= layers; j++) {
                for (int c = 0; c < d; c++) {
                    mlpTotal[c] += chunk.mlps()[mo + j * d + c];
                }
            }
            int co = i * shape.clsLength();
            int base = i * variants * d;
            for (int l = 0; l < layers; l++) {
                for (int c = 0; c < d; c++) {
                    double a = layerSums[l * d + c];
                    double noCls = a - chunk.clsAttn()[co + l * d + c] + means.clsAttn()[l * d + c];
                    reps[base + c] += a + (l == 0 ? mlpTotal[c] : 0);
                    reps[base + d + c] += a + (l == 0 ? meanMlpTotal[c] : 0);
                    reps[base + 2 * d + c] += noCls + (l == 0 ? mlpTotal[c] : 0);
                    reps[base + 3 * d + c] += noCls + (l == 0 ? meanMlpTotal[c] : 0);
                }
            }
            // variant 4 + k: layers 0..k by their means, layers after k as they are
            Arrays.fill(suffix, 0);
            for (int k = layers - 1; k >= 0; k--) {
                int v = base + (FIXED_VARIANTS + k) * d;
                for (int c = 0; c < d; c++) {
                    reps[v + c] = meanLayerPrefix[k * d + c] + suffix[c] + mlpTotal[c];
                    suffix[c] += layerSums[k * d + c];
                }
            }
        }
        int[] predicted = classifier.predict(manager, reps, n * variants);
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < variants; v++) {
                if (predicted[i * variants + v] == labels[i]) {
                    correct[v]++;
                }
            }
        }
        images += n;
    }

    /** The accuracies of the images added so far. */
    public AblationAccuracies accuracies() {
        double baseline = AblationAccuracies.percent(correct[0], images);
        double[] layers = new double[shape.layers() + 1];
        layers[0] = baseline;
        for (int k = 0; k < shape.layers(); k++) {
            layers[k + 1] = AblationAccuracies.percent(correct[FIXED_VARIANTS + k], images);
        }
        return new AblationAccuracies(images, baseline, AblationAccuracies.percent(correct[1], images),
                AblationAccuracies.percent(correct[2], images), AblationAccuracies.percent(correct[3], images), layers);
    }
}
