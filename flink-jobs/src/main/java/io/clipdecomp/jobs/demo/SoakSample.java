package io.clipdecomp.jobs.demo;

/**
 * One sample of a soak run.
 *
 * @param seconds since the soak started
 * @param produced images offered to Kafka so far
 * @param accounted decompositions and dead letters committed so far
 * @param imagesPerSecond images accounted for per second since the previous sample
 * @param heapUsedBytes heap in use now ({@code MemoryMXBean}), garbage included
 * @param heapAfterGcBytes heap in use right after the latest collection, or -1 where the collector says nothing
 * @param heapCommittedBytes heap the JVM has taken from the system (part of the RSS once touched)
 * @param rssBytes resident set size of the process ({@code VmRSS}), or -1 where {@code /proc} has none
 */
public record SoakSample(double seconds, long produced, long accounted, double imagesPerSecond, long heapUsedBytes,
                         long heapAfterGcBytes, long heapCommittedBytes, long rssBytes) {

    /** Images produced but not yet accounted for. */
    public long inFlight() {
        return produced - accounted;
    }

    /**
     * The resident set less the committed heap: native memory and the JVM's own. Only with a heap committed and
     * touched from the start ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}) is it exactly that; else
     * it also moves, even below zero, as the JVM commits heap and then touches it. Meaningless without an RSS.
     */
    public long rssOutsideHeapBytes() {
        return rssBytes - heapCommittedBytes;
    }

    /** The sample in one line of the log. */
    public String line() {
        return String.format("soak %6.1f s: produced %d, accounted for %d, in flight %d, %.1f images/s, heap %s "
                        + "(after GC %s, committed %s), RSS %s", seconds, produced, accounted, inFlight(), imagesPerSecond,
                mib(heapUsedBytes), reported(heapAfterGcBytes), mib(heapCommittedBytes), reported(rssBytes));
    }

    /** Bytes in MiB. */
    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static String reported(long bytes) {
        return bytes < 0 ? "n/a" : mib(bytes);
    }
}
