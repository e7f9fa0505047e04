package io.clipdecomp.core.preprocess;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Heap that concurrent image decodes may hold together: each decode leases its estimated bytes before it
 * allocates anything and returns them when done, so large decodes wait for each other instead of multiplying.
 * The semaphore is fair, so a large request is not starved by a stream of small ones. One budget is shared by
 * every caller in the JVM that asks for the same capacity ({@link #shared}): the Flink subtasks of a task
 * manager decode in parallel, each one sequentially.
 */
public final class DecodeBudget {
    /** Permits count KiB, so an int semaphore covers budgets up to 2 TiB. */
    private static final long UNIT = 1024;
    /** The largest capacity a budget can have. */
    public static final long LARGEST_CAPACITY = Integer.MAX_VALUE * UNIT;
    private static final ConcurrentMap<Long, DecodeBudget> SHARED = new ConcurrentHashMap<>();

    private final long capacityBytes;
    private final int capacityUnits;
    private final Semaphore units;

    /** A budget of its own, shared with no one. */
    public DecodeBudget(long capacityBytes) {
        if (capacityBytes < UNIT || capacityBytes > LARGEST_CAPACITY) {
            throw new IllegalArgumentException("a decode budget must be between " + UNIT + " and " + LARGEST_CAPACITY
                    + " bytes, got " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        this.capacityUnits = (int) (capacityBytes / UNIT);
        this.units = new Semaphore(capacityUnits, true);
    }

    /** The budget of this JVM with {@code capacityBytes}, the same instance for every caller asking for it. */
    public static DecodeBudget shared(long capacityBytes) {
        return SHARED.computeIfAbsent(capacityBytes, DecodeBudget::new);
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /** Bytes leased now. */
    public long inUseBytes() {
        return (capacityUnits - (long) units.availablePermits()) * UNIT;
    }

    /**
     * Waits until {@code bytes} are free and leases them; refuses at once a request larger than the whole budget,
     * which could never be met.
     */
    public Lease acquire(long bytes) throws ImageDecodeException, InterruptedException {
        long needed = Math.max(1, (bytes + UNIT - 1) / UNIT);
        if (bytes < 0 || needed > capacityUnits) {
            throw new ImageDecodeException("needs about " + mebibytes(bytes) + " MiB, more than the whole decode"
                    + " budget of " + mebibytes(capacityBytes) + " MiB (raise " + ImageLimits.DECODE_BUDGET_OPTION
                    + " or lower " + ImageLimits.MAX_PIXELS_OPTION + ")");
        }
        units.acquire((int) needed);
        return new Lease((int) needed);
    }

    static long mebibytes(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    /** Bytes held from the budget until closed. */
    public final class Lease implements AutoCloseable {
        private int held;

        private Lease(int held) {
            this.held = held;
        }

        /** Returns the bytes to the budget; closing again does nothing. */
        @Override
        public void close() {
            if (held > 0) {
                units.release(held);
                held = 0;
            }
        }
    }
}
