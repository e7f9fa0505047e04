package io.clipdecomp.core.segment;

/**
 * One image's segmentation counts, as the original's {@code batch_pix_accuracy}, {@code batch_intersection_union}
 * and {@code get_ap_scores} compute them against the resized ground truth.
 *
 * @param correct pixels whose predicted class (background 0, foreground 1) is the true one
 * @param labeled pixels counted: all of them, as the original (every pixel is labeled 0 or 1)
 * @param intersection per class (background, foreground): pixels predicted and truly of that class
 * @param union per class: pixels predicted or truly of that class
 * @param averagePrecision AP of the 2-channel one-hot truth against the scores [1 - Res, Res]
 */
public record ImageScore(long correct, long labeled, long[] intersection, long[] union, double averagePrecision) {
    /** The classes: background and foreground. */
    public static final int CLASSES = 2;

    public ImageScore {
        if (intersection.length != CLASSES || union.length != CLASSES) {
            throw new IllegalArgumentException("intersection and union need one count per class (2)");
        }
        intersection = intersection.clone();
        union = union.clone();
    }

    @Override
    public long[] intersection() {
        return intersection.clone();
    }

    @Override
    public long[] union() {
        return union.clone();
    }

    /** Scores {@code map} against {@code truth}, which must have the map's size. */
    public static ImageScore of(ForegroundMap map, LabelMask truth) {
        int size = map.size();
        if (truth.width() != size || truth.height() != size) {
            throw new IllegalArgumentException("the mask is " + truth.width() + "x" + truth.height()
                    + ", the map " + size + "x" + size);
        }
        boolean[] fg = map.foreground();
        byte[] labels = truth.labels();
        int n = fg.length;
        long correct = 0;
        long[] predicted = new long[CLASSES];
        long[] actual = new long[CLASSES];
        long[] inter = new long[CLASSES];
        for (int i = 0; i < n; i++) {
            int p = fg[i] ? 1 : 0;
            int t = labels[i] != 0 ? 1 : 0;
            predicted[p]++;
            actual[t]++;
            if (p == t) {
                correct++;
                inter[p]++;
            }
        }
        long[] union = new long[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            union[c] = predicted[c] + actual[c] - inter[c];
        }
        return new ImageScore(correct, n, inter, union, averagePrecision(map, labels));
    }

    /** AP over both channels flattened channel-major: background scored 1 - Res, foreground Res. */
    private static double averagePrecision(ForegroundMap map, byte[] labels) {
        int n = labels.length;
        float[] scores = new float[2 * n];
        boolean[] positive = new boolean[2 * n];
        System.arraycopy(map.backgroundScores(), 0, scores, 0, n);
        System.arraycopy(map.relevance(), 0, scores, n, n);
        for (int i = 0; i < n; i++) {
            positive[i] = labels[i] == 0;
            positive[n + i] = labels[i] != 0;
        }
        // both channels together always hold positives and negatives, so the original's nan_to_num never applies
        return AveragePrecision.score(scores, positive);
    }
}
