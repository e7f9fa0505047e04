package io.clipdecomp.core.spurious;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.DecompositionChunk;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.TermShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts per-group top-1 hits of a zero-shot classifier on the unablated representation (the original's
 * "Baseline") and, for each of several head sets, with compute_use_specific_heads.py's "Replaced" ablation
 * (spec §10): the set's heads, every head outside the last {@value #KEPT_LAYERS} layers and all L+1 MLP terms
 * replaced by their means, cumulatively (a head named in the set and in an early layer is replaced once).
 *
 * <p>Per image only the heads of the kept layers vary, so variant s is Σ_{kept} a − Σ_{s ∩ kept} a + c_s, with the
 * constant c_s = Σ of the means of everything replaced. All variants of a batch of images go through the classifier
 * in one matrix product.
 */
public final class HeadRemoval {
    /** The original keeps the heads of the last four layers and mean-ablates every earlier one. */
    public static final int KEPT_LAYERS = 4;
    /** Upper bound on the doubles of one batch's representations (32 MiB). */
    private static final int BATCH_DOUBLES = 1 << 22;

    private final int batchDoubles;
    private final TermShape shape;
    private final LinearClassifier classifier;
    private final int[][] removed; // per set: offsets l*H + h of its heads in the kept layers
    private final double[][] constants; // per set [d]
    private final long[][] images; // per variant (0 baseline, 1 + s set s), per group
    private final long[][] hits;

    /**
     * @param means the means heads and MLPs are replaced with (of the evaluated images, as the original)
     * @param headSets the heads to remove besides the early layers and the MLPs, one set per "Replaced" variant
     */
    public HeadRemoval(TermMeans means, LinearClassifier classifier, List<List<HeadIndex>> headSets) {
        this(means, classifier, headSets, BATCH_DOUBLES);
    }

    /** As above, with at most {@code batchDoubles} doubles of representations per classifier product. */
    HeadRemoval(TermMeans means, LinearClassifier classifier, List<List<HeadIndex>> headSets, int batchDoubles) {
        this.batchDoubles = batchDoubles;
        this.shape = means.shape();
        this.classifier = classifier;
        classifier.requireDim(shape.dim(), "the decomposition");
        int d = shape.dim();
        int firstKept = firstKeptLayer(shape);
        double[] always = new double[d]; // means of the early heads and of every MLP term
        for (int l = 0; l < firstKept; l++) {
            for (int h = 0; h < shape.heads(); h++) {
                accumulate(means.heads(), shape.headOffset(l, h), always);
            }
        }
        for (int j = 0; j <= shape.layers(); j++) {
            accumulate(means.mlps(), j * d, always);
        }
        removed = removedOffsets(shape, headSets);
        constants = new double[headSets.size()][];
        for (int s = 0; s < headSets.size(); s++) {
            constants[s] = always.clone();
            for (int lh : removed[s]) {
                accumulate(means.heads(), lh * d, constants[s]);
            }
        }
        images = new long[1 + headSets.size()][GroupAccuracies.GROUPS.size()];
        hits = new long[1 + headSets.size()][GroupAccuracies.GROUPS.size()];
    }

    /** The first layer whose heads are kept: L − {@value #KEPT_LAYERS}, or 0 for fewer layers (as range(L−4)). */
    public static int firstKeptLayer(TermShape shape) {
        return Math.max(0, shape.layers() - KEPT_LAYERS);
    }

    /** The heads of the kept layers, layer by layer: where removing a head can change anything. */
    public static List<HeadIndex> keptHeads(TermShape shape) {
        List<HeadIndex> heads = new ArrayList<>();
        for (int l = firstKeptLayer(shape); l < shape.layers(); l++) {
            for (int h = 0; h < shape.heads(); h++) {
                heads.add(new HeadIndex(l, h));
            }
        }
        return heads;
    }

    /** Scores the images of {@code chunk}, whose groups ({@code 2 y + place}) are {@code groups}. */
    public void add(NDManager manager, DecompositionChunk chunk, int[] groups) {
        if (!chunk.shape().equals(shape)) {
            throw new IllegalArgumentException("terms " + chunk.shape() + " for means of " + shape);
        }
        if (groups.length != chunk.count()) {
            throw new IllegalArgumentException(groups.length + " labels for " + chunk.count() + " images");
        }
        int variants = 1 + removed.length;
        int step = Math.max(1, batchDoubles / (variants * shape.dim()));
        for (int first = 0; first < chunk.count(); first += step) {
            int n = Math.min(step, chunk.count() - first);
            List<RemovalSample> samples = new ArrayList<>(n);
            for (int row = first; row < first + n; row++) {
                samples.add(sample(shape, removed, chunk.heads(), row * shape.headLength(), chunk.mlps(),
                        row * shape.mlpLength(), groups[row]));
            }
            add(manager, samples);
        }
    }

    /** Scores reduced images (made by {@link #sample} with this removal's head sets). */
    public void add(NDManager manager, List<RemovalSample> samples) {
        int d = shape.dim();
        int n = samples.size();
        int variants = 1 + removed.length;
        double[] reps = new double[n * variants * d];
        for (int i = 0; i < n; i++) {
            RemovalSample sample = samples.get(i);
            if (sample.keptMinusRemoved().length != removed.length) {
                throw new IllegalArgumentException("a sample of " + sample.keptMinusRemoved().length
                        + " head sets for a removal of " + removed.length);
            }
            int base = i * variants * d;
            System.arraycopy(sample.baseline(), 0, reps, base, d);
            for (int s = 0; s < removed.length; s++) {
                int v = base + (1 + s) * d;
                for (int c = 0; c < d; c++) {
                    reps[v + c] = sample.keptMinusRemoved()[s][c] + constants[s][c];
                }
            }
        }
        int[] predicted = classifier.predict(manager, reps, n * variants);
        for (int i = 0; i < n; i++) {
            int g = samples.get(i).group();
            int y = g / 2;
            for (int v = 0; v < variants; v++) {
                images[v][g]++;
                if (predicted[i * variants + v] == y) {
                    hits[v][g]++;
                }
            }
        }
    }

    /**
     * What the removal of {@code headSets} needs of one image: its full representation (Σ heads + Σ MLPs) and,
     * per set, the sum of the kept layers' heads without the set's; the means of the rest come at scoring time.
     */
    public static RemovalSample sample(TermShape shape, List<List<HeadIndex>> headSets, float[] heads, int headBase,
                                       float[] mlps, int mlpBase, int group) {
        return sample(shape, removedOffsets(shape, headSets), heads, headBase, mlps, mlpBase, group);
    }

    private static RemovalSample sample(TermShape shape, int[][] removed, float[] heads, int headBase, float[] mlps,
                                        int mlpBase, int group) {
        if (group < 0 || group >= GroupAccuracies.GROUPS.size()) {
            throw new IllegalArgumentException("group must be 2 y + place within 0..3, got " + group);
        }
        int d = shape.dim();
        double[] kept = new double[d];
        for (int l = firstKeptLayer(shape); l < shape.layers(); l++) {
            for (int h = 0; h < shape.heads(); h++) {
                accumulate(heads, headBase + shape.headOffset(l, h), kept);
            }
        }
        double[] baseline = new double[d];
        for (int o = 0; o < shape.headLength(); o++) {
            baseline[o % d] += heads[headBase + o];
        }
        for (int o = 0; o < shape.mlpLength(); o++) {
            baseline[o % d] += mlps[mlpBase + o];
        }
        double[][] perSet = new double[removed.length][];
        for (int s = 0; s < removed.length; s++) {
            perSet[s] = kept.clone();
            for (int lh : removed[s]) {
                for (int c = 0; c < d; c++) {
                    perSet[s][c] -= heads[headBase + lh * d + c];
                }
            }
        }
        return new RemovalSample(group, baseline, perSet);
    }

    /** Per set, the offsets {@code l * H + h} of its heads in the kept layers (each once). */
    private static int[][] removedOffsets(TermShape shape, List<List<HeadIndex>> headSets) {
        int firstKept = firstKeptLayer(shape);
        int[][] removed = new int[headSets.size()][];
        for (int s = 0; s < headSets.size(); s++) {
            Set<HeadIndex> kept = new LinkedHashSet<>();
            for (HeadIndex head : headSets.get(s)) {
                head.requireIn(shape);
                if (head.layer() >= firstKept) {
                    kept.add(head);
                }
            }
            removed[s] = kept.stream().mapToInt(h -> h.layer() * shape.heads() + h.head()).toArray();
        }
        return removed;
    }

    /** The unablated accuracies of the images added so far. */
    public GroupAccuracies baseline() {
        return new GroupAccuracies(images[0], hits[0]);
    }

    /** The accuracies with head set {@code s} (and the early layers and the MLPs) replaced by their means. */
    public GroupAccuracies replaced(int s) {
        return new GroupAccuracies(images[1 + s], hits[1 + s]);
    }

    private static void accumulate(double[] values, int offset, double[] into) {
        for (int c = 0; c < into.length; c++) {
            into[c] += values[offset + c];
        }
    }

    private static void accumulate(float[] values, int offset, double[] into) {
        for (int c = 0; c < into.length; c++) {
            into[c] += values[offset + c];
        }
    }
}
