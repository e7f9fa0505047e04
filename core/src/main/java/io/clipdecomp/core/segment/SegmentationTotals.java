package io.clipdecomp.core.segment;

import java.util.Arrays;

/**
 * Dataset metrics accumulated image by image as the original's evaluation loop does: pixel accuracy and
 * intersections and unions summed over all images, the mean IoU of the two classes from those sums, and the mean of
 * the per-image APs. Divisions add numpy's {@code np.spacing(1)} to the denominator, as the original.
 */
public final class SegmentationTotals {
    private static final double EPS = Math.ulp(1.0);

    private long correct;
    private long labeled;
    private final long[] intersection = new long[ImageScore.CLASSES];
    private final long[] union = new long[ImageScore.CLASSES];
    private double[] aps = new double[16];
    private int images;

    /** Adds one image. */
    public void add(ImageScore score) {
        correct += score.correct();
        labeled += score.labeled();
        long[] inter = score.intersection();
        long[] uni = score.union();
        for (int c = 0; c < ImageScore.CLASSES; c++) {
            intersection[c] += inter[c];
            union[c] += uni[c];
        }
        if (images == aps.length) {
            aps = Arrays.copyOf(aps, images * 2);
        }
        aps[images++] = score.averagePrecision();
    }

    /** Images added. */
    public int images() {
        return images;
    }

    /** Correct pixels over all pixels, a fraction. */
    public double pixelAccuracy() {
        return pixelAccuracy(correct, labeled);
    }

    /** IoU of class c (0 background, 1 foreground) from the summed counts. */
    public double iou(int c) {
        return intersection[c] / (EPS + union[c]);
    }

    /** The mean of the two classes' IoUs. */
    public double meanIoU() {
        return meanIoU(intersection, union);
    }

    /** Pixel accuracy from summed counts, as the original divides. */
    public static double pixelAccuracy(long correct, long labeled) {
        return correct / (EPS + labeled);
    }

    /** The mean IoU of the classes from summed intersections and unions, as the original divides. */
    public static double meanIoU(long[] intersection, long[] union) {
        double sum = 0;
        for (int c = 0; c < ImageScore.CLASSES; c++) {
            sum += intersection[c] / (EPS + union[c]);
        }
        return sum / ImageScore.CLASSES;
    }

    /** The mean of the per-image APs (NaN before any image, as numpy's mean of nothing). */
    public double meanAP() {
        return PairwiseSum.of(aps, 0, images) / images;
    }
}
