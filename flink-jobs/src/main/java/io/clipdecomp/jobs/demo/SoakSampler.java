package io.clipdecomp.jobs.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Takes a {@link SoakSample} whenever one is due, logging each. */
final class SoakSampler {
    private final long everyNanos;
    private final Consumer<String> log;
    private final long start = System.nanoTime();
    private final List<SoakSample> samples = new ArrayList<>();
    private long lastNanos = start;
    private long lastAccounted;

    SoakSampler(Duration every, Consumer<String> log) {
        this.everyNanos = every.toNanos();
        this.log = log;
    }

    /** True when a sample is due. */
    boolean due() {
        return System.nanoTime() - lastNanos >= everyNanos;
    }

    /** Takes a sample now. */
    void sample(long produced, long accounted) {
        long now = System.nanoTime();
        double rate = (accounted - lastAccounted) / Math.max(1e-9, (now - lastNanos) / 1e9);
        SoakSample s = new SoakSample((now - start) / 1e9, produced, accounted, rate, ProcessMemory.heapUsed(),
                ProcessMemory.heapAfterLastGc(), ProcessMemory.heapCommitted(), ProcessMemory.residentSetBytes());
        samples.add(s);
        lastNanos = now;
        lastAccounted = accounted;
        log.accept(s.line());
    }

    /** The samples so far, oldest first. */
    List<SoakSample> samples() {
        return List.copyOf(samples);
    }
}
