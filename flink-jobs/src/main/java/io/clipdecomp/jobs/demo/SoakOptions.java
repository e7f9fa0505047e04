package io.clipdecomp.jobs.demo;

import java.time.Duration;

/**
 * How a soak run produces and samples: the images go out while the job runs, never more than
 * {@code maxInFlight} ahead of the results the job has committed, and memory and throughput are sampled
 * every {@code sampleEvery}.
 *
 * @param maxInFlight images produced but not yet decomposed or dead-lettered (committed) at most; the producer
 *     waits for the job beyond this
 * @param sampleEvery time between two samples
 */
public record SoakOptions(int maxInFlight, Duration sampleEvery) {
    /** The command-line option setting {@link #maxInFlight}. */
    public static final String MAX_IN_FLIGHT_OPTION = "--max-in-flight";
    /** The command-line option setting {@link #sampleEvery}, in seconds. */
    public static final String SAMPLE_SECONDS_OPTION = "--sample-seconds";

    public SoakOptions {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException(MAX_IN_FLIGHT_OPTION + " must be at least 1, got " + maxInFlight);
        }
        if (sampleEvery.isNegative() || sampleEvery.isZero()) {
            throw new IllegalArgumentException(SAMPLE_SECONDS_OPTION + " must be positive, got "
                    + sampleEvery.toMillis() / 1000.0);
        }
    }
}
