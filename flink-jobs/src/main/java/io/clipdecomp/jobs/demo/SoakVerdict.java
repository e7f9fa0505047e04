package io.clipdecomp.jobs.demo;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Whether memory grew after warm-up in a soak: the samples are cut into thirds, the first is warm-up, and a
 * quantity grew when the median of the last third exceeds the median of the second third by more than
 * {@link #TOLERANCE} of the latter, and by more than {@link #SLACK_BYTES}. Judged on the heap after collections
 * (the heap in use is a saw-tooth of garbage) and on the resident set outside the committed heap (native memory:
 * DJL's tensors, RocksDB, threads, metaspace). The resident set as a whole also counts heap the JVM commits as it
 * sizes its heap, which is bounded by the maximum heap and no leak.
 *
 * @param samples how many samples it was judged on
 * @param heapAfterGc the heap after collections, or null when too few samples or not reported
 * @param rssOutsideHeap the resident set less the committed heap, or null when too few samples or not reported
 */
public record SoakVerdict(int samples, Growth heapAfterGc, Growth rssOutsideHeap) {
    /** Fewest samples judged: two per third. */
    public static final int MIN_SAMPLES = 6;
    /** Growth allowed, as a share of the second third's median. */
    public static final double TOLERANCE = 0.10;
    /** Growth always allowed, in bytes. */
    public static final long SLACK_BYTES = 16L << 20;
    /** The criterion in words, as soak.json states it. */
    public static final String CRITERION = "samples cut into thirds; the first is warm-up; a quantity grew when the "
            + "median of the last third exceeds the median of the second third by more than "
            + Math.round(TOLERANCE * 100) + "% of it and by more than " + (SLACK_BYTES >> 20) + " MiB; judged on the "
            + "heap after GC and on the RSS outside the committed heap (native memory), with at least " + MIN_SAMPLES
            + " samples";

    /**
     * One quantity's medians.
     *
     * @param secondThirdMedian median over the second third of the samples
     * @param lastThirdMedian median over the last third
     * @param allowedBytes growth allowed before it counts
     */
    public record Growth(long secondThirdMedian, long lastThirdMedian, long allowedBytes) {
        /** True when the last third's median is above the second third's by more than allowed. */
        public boolean grew() {
            return lastThirdMedian - secondThirdMedian > allowedBytes;
        }
    }

    /** The verdict on {@code samples}, oldest first. */
    public static SoakVerdict of(List<SoakSample> samples) {
        if (samples.size() < MIN_SAMPLES) {
            return new SoakVerdict(samples.size(), null, null);
        }
        return new SoakVerdict(samples.size(),
                growth(samples, SoakSample::heapAfterGcBytes, s -> s.heapAfterGcBytes() >= 0),
                growth(samples, SoakSample::rssOutsideHeapBytes, s -> s.rssBytes() >= 0));
    }

    /** True when there were enough samples with memory figures to judge. */
    public boolean judged() {
        return heapAfterGc != null || rssOutsideHeap != null;
    }

    /** True when the heap after GC or the RSS outside the heap grew. */
    public boolean grew() {
        return heapAfterGc != null && heapAfterGc.grew() || rssOutsideHeap != null && rssOutsideHeap.grew();
    }

    /** The verdict in one line. */
    public String line() {
        if (!judged()) {
            return "not judged: " + samples + " samples, at least " + MIN_SAMPLES + " with memory figures needed";
        }
        return (grew() ? "MEMORY GREW after warm-up" : "no growth after warm-up") + " (" + describe("heap after GC",
                heapAfterGc) + "; " + describe("RSS outside the heap", rssOutsideHeap) + ")";
    }

    private static String describe(String what, Growth g) {
        if (g == null) {
            return what + " not reported";
        }
        return String.format("%s median %s in the second third, %s in the last, %s allowed", what,
                SoakSample.mib(g.secondThirdMedian()), SoakSample.mib(g.lastThirdMedian()),
                SoakSample.mib(g.allowedBytes()));
    }

    /** The growth of {@code quantity}, or null unless every sample reports it. */
    private static Growth growth(List<SoakSample> samples, ToLongFunction<SoakSample> quantity,
                                 Predicate<SoakSample> reported) {
        if (!samples.stream().allMatch(reported)) {
            return null;
        }
        int n = samples.size();
        long[] values = samples.stream().mapToLong(quantity).toArray();
        long second = median(Arrays.copyOfRange(values, n / 3, 2 * n / 3));
        long last = median(Arrays.copyOfRange(values, 2 * n / 3, n));
        // a share of a negative median (RSS outside a heap committed but not yet touched) would allow nothing
        return new Growth(second, last, Math.max(SLACK_BYTES, Math.round(Math.abs(second) * TOLERANCE)));
    }

    /** The median; of an even count, the mean of the two middle values. */
    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : v[m - 1] + (v[m] - v[m - 1]) / 2;
    }
}
