package io.clipdecomp.core.bench;

/**
 * A rate measured over repeated batches, with how many there were and how much their times varied.
 *
 * @param perSecond items per second over all timed batches
 * @param batches timed batches (the warm-up batch excluded)
 * @param spreadPercent the sample standard deviation of the batch times over their mean, in percent
 */
public record MeasuredRate(double perSecond, int batches, double spreadPercent) {
    /** Fewer timed batches than this make a figure that one slow or fast batch can move: it gets a warning. */
    public static final int STEADY_BATCHES = 5;

    /** The rate of {@code itemsPerBatch} items done in each of {@code batchNanos}. */
    public static MeasuredRate of(long[] batchNanos, int itemsPerBatch) {
        int n = batchNanos.length;
        if (n == 0) {
            throw new IllegalArgumentException("no timed batch");
        }
        double total = 0;
        for (long t : batchNanos) {
            total += t;
        }
        double mean = total / n;
        double squares = 0;
        for (long t : batchNanos) {
            squares += (t - mean) * (t - mean);
        }
        double spread = n < 2 ? 0 : 100 * Math.sqrt(squares / (n - 1)) / mean;
        return new MeasuredRate(n * (double) itemsPerBatch / (total / 1e9), n, spread);
    }

    /** Whether the figure rests on enough batches to be steady. */
    public boolean steady() {
        return batches >= STEADY_BATCHES;
    }
}
