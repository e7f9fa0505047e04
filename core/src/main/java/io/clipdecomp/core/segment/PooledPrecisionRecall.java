package io.clipdecomp.core.segment;

import io.clipdecomp.core.io.NpyVectorWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The precision-recall curve of all pixels of a dataset pooled (the original's {@code precision.npy} and
 * {@code recall.npy}): relevance scores against the ground-truth labels, as scikit-learn's
 * {@code precision_recall_curve} computes it (see {@link AveragePrecision}).
 *
 * <p>Memory: 4 bytes a pixel (the score's sortable bits, kept apart by label), about 860 MB for the 4,276 images of
 * ImageNet-Segmentation at 224 pixels; the curve itself is streamed to its files.
 */
public final class PooledPrecisionRecall {
    private final SortedIntRuns positives;
    private final SortedIntRuns negatives;
    private boolean written;

    public PooledPrecisionRecall() {
        this(new SortedIntRuns(), new SortedIntRuns());
    }

    /** With the given stores (tests use small chunks). */
    PooledPrecisionRecall(SortedIntRuns positives, SortedIntRuns negatives) {
        this.positives = positives;
        this.negatives = negatives;
    }

    /** Adds one image's pixel scores and their labels (non-zero: foreground). */
    public void add(float[] scores, byte[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        if (written) {
            throw new IllegalStateException("the curve was already written");
        }
        for (int i = 0; i < scores.length; i++) {
            int key = AveragePrecision.sortable(scores[i]);
            if (labels[i] != 0) {
                positives.add(key);
            } else {
                negatives.add(key);
            }
        }
    }

    /** Number of pixels added. */
    public long size() {
        return positives.size() + negatives.size();
    }

    /**
     * Writes the curve's precision and recall as float64 .npy vectors, recall decreasing, as the original saves them.
     *
     * @return the number of points written to each file
     */
    public long write(Path precisionFile, Path recallFile) throws IOException {
        if (written) {
            throw new IllegalStateException("the curve was already written");
        }
        if (size() == 0) {
            throw new IllegalStateException("no pixel was added; there is no curve");
        }
        written = true;
        long p = positives.size();
        long n = negatives.size();
        positives.startReading();
        negatives.startReading();
        long posBelow = 0;
        long negBelow = 0;
        try (NpyVectorWriter precision = NpyVectorWriter.create(precisionFile);
             NpyVectorWriter recall = NpyVectorWriter.create(recallFile)) {
            // thresholds in increasing order: the order of scikit-learn's reversed output
            while (positives.hasNext() || negatives.hasNext()) {
                int value = !positives.hasNext() ? negatives.peek()
                        : !negatives.hasNext() ? positives.peek() : Math.min(positives.peek(), negatives.peek());
                long tp = p - posBelow;
                long fp = n - negBelow;
                precision.append(AveragePrecision.precision(tp, fp));
                recall.append(AveragePrecision.recall(tp, p));
                while (positives.hasNext() && positives.peek() == value) {
                    positives.next();
                    posBelow++;
                }
                while (negatives.hasNext() && negatives.peek() == value) {
                    negatives.next();
                    negBelow++;
                }
            }
            precision.append(1);
            recall.append(0);
            return precision.count();
        }
    }
}
