package io.clipdecomp.core.analysis;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    /** Baseline, MLPs, CLS, MLPs and CLS; the attention layers follow. */
    static final int FIXED_VARIANTS = 4;

    private final TermShape shape;
    private final LinearClassifier classifier;
    private final double[] meanMlpTotal; // Σⱼ mean(mⱼ) [d]
    private final double[] meanClsTotal; // Σ_l mean(c_l) [d]
    private final double[] meanLayerPrefix; // [L, d]: row k = Σ_{l≤k} mean(layer l)
    private final long[] correct;
    private long images;

    public MeanAblation(AblationMeans means, LinearClassifier classifier) {
        this.shape = means.shape();
        this.classifier = classifier;
        classifier.requireDim(shape.dim(), "the decomposition");
        int d = shape.dim();
        int layers = shape.layers();
        meanMlpTotal = new double[d];
        for (int j = 0; j <= layers; j++) {
            for (int c = 0; c < d; c++) {
                meanMlpTotal[c] += means.mlps()[j * d + c];
            }
        }
        meanClsTotal = new double[d];
        for (int l = 0; l < layers; l++) {
            for (int c = 0; c < d; c++) {
                meanClsTotal[c] += means.clsAttn()[l * d + c];
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
        List<AblationSample> samples = new ArrayList<>(chunk.count());
        for (int i = 0; i < chunk.count(); i++) {
            samples.add(AblationSample.of(shape, chunk.heads(), i * shape.headLength(), chunk.mlps(),
                    i * shape.mlpLength(), chunk.clsAttn(), i * shape.clsLength(), labels[i]));
        }
        add(manager, samples);
    }

    /** Scores reduced images. */
    public void add(NDManager manager, List<AblationSample> samples) {
        int n = samples.size();
        int d = shape.dim();
        int layers = shape.layers();
        int variants = correct.length;
        double[] reps = new double[n * variants * d];
        double[] suffix = new double[d];
        for (int i = 0; i < n; i++) {
            AblationSample s = samples.get(i);
            int base = i * variants * d;
            for (int c = 0; c < d; c++) {
                double attn = 0;
                for (int l = 0; l < layers; l++) {
                    attn += s.layerSums()[l * d + c];
                }
                double noCls = attn - s.clsTotal()[c] + meanClsTotal[c];
                reps[base + c] = attn + s.mlpTotal()[c];
                reps[base + d + c] = attn + meanMlpTotal[c];
                reps[base + 2 * d + c] = noCls + s.mlpTotal()[c];
                reps[base + 3 * d + c] = noCls + meanMlpTotal[c];
            }
            // variant 4 + k: layers 0..k by their means, layers after k as they are
            Arrays.fill(suffix, 0);
            for (int k = layers - 1; k >= 0; k--) {
                int v = base + (FIXED_VARIANTS + k) * d;
                for (int c = 0; c < d; c++) {
                    reps[v + c] = meanLayerPrefix[k * d + c] + suffix[c] + s.mlpTotal()[c];
                    suffix[c] += s.layerSums()[k * d + c];
                }
            }
        }
        int[] predicted = classifier.predict(manager, reps, n * variants);
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < variants; v++) {
                if (predicted[i * variants + v] == samples.get(i).label()) {
                    correct[v]++;
                }
            }
        }
        images += n;
    }

    /** Images scored so far. */
    public long images() {
        return images;
    }

    /** Correct predictions so far per variant: baseline, MLPs, CLS, both, then attention layers 0..k (a copy). */
    public long[] hits() {
        return correct.clone();
    }

    /** The accuracies of the images added so far. */
    public AblationAccuracies accuracies() {
        return AblationAccuracies.of(images, correct);
    }
}
