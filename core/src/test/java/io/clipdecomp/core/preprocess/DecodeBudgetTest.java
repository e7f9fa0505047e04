package io.clipdecomp.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Leases wait for each other, never add up past the capacity, and are returned. */
@SuppressWarnings("try") // leases hold their budget for the block
class DecodeBudgetTest {
    private static final long MIB = 1 << 20;

    @Test
    void aLeaseThatDoesNotFitWaitsUntilTheHolderReturnsItsShare() throws Exception {
        DecodeBudget budget = new DecodeBudget(100 * MIB);
        DecodeBudget.Lease first = budget.acquire(70 * MIB);
        assertEquals(70 * MIB, budget.inUseBytes());
        CountDownLatch acquired = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            try (DecodeBudget.Lease lease = budget.acquire(50 * MIB)) {
                acquired.countDown();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        second.start();
        assertFalse(acquired.await(300, TimeUnit.MILLISECONDS), "the second lease waits while 70 of 100 MiB are held");
        // under load the thread may take a while to reach the wait; it must get there and stay
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (second.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, second.getState());
        assertEquals(1, acquired.getCount());
        first.close();
        assertTrue(acquired.await(10, TimeUnit.SECONDS), "and gets its share once they are returned");
        second.join();
        assertEquals(0, budget.inUseBytes());
        first.close();
        assertEquals(0, budget.inUseBytes(), "closing twice returns nothing twice");
    }

    @Test
    void concurrentLeasesNeverHoldMoreThanTheCapacity() throws Exception {
        DecodeBudget budget = new DecodeBudget(64 * MIB);
        AtomicLong held = new AtomicLong();
        AtomicLong most = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                long size = (10 + 9L * t) * MIB;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        try (DecodeBudget.Lease lease = budget.acquire(size)) {
                            most.accumulateAndGet(held.addAndGet(size), Math::max);
                            Thread.sleep(1);
                            held.addAndGet(-size);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(most.get() <= 64 * MIB, "held at most " + most.get());
        assertEquals(0, budget.inUseBytes());
    }

    @Test
    void leasesThatFitTogetherAreHeldTogether() throws Exception {
        DecodeBudget budget = new DecodeBudget(64 * MIB);
        try (DecodeBudget.Lease first = budget.acquire(40 * MIB)) {
            CountDownLatch acquired = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread second = new Thread(() -> {
                try (DecodeBudget.Lease lease = budget.acquire(20 * MIB)) {
                    acquired.countDown();
                    release.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            second.start();
            assertTrue(acquired.await(10, TimeUnit.SECONDS), "20 MiB fit beside 40 of 64");
            assertEquals(60 * MIB, budget.inUseBytes());
            release.countDown();
            second.join();
        }
        assertEquals(0, budget.inUseBytes());
    }

    @Test
    void aRequestLargerThanTheWholeBudgetIsRefusedAtOnce() {
        DecodeBudget budget = new DecodeBudget(100 * MIB);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> budget.acquire(101 * MIB));
        assertTrue(e.getMessage().contains("101 MiB, more than the whole decode budget of 100 MiB")
                && e.getMessage().contains(ImageLimits.DECODE_BUDGET_OPTION), e.getMessage());
        assertEquals(0, budget.inUseBytes());
    }

    @Test
    void oneBudgetPerCapacityIsSharedInTheJvm() {
        assertSame(DecodeBudget.shared(33 * MIB), DecodeBudget.shared(33 * MIB));
        assertNotSame(DecodeBudget.shared(33 * MIB), DecodeBudget.shared(34 * MIB));
    }

    @Test
    void limitsAreCheckedAndTheDefaultBudgetIsHalfTheHeap() {
        ImageLimits defaults = ImageLimits.defaults();
        assertEquals(64 * MIB, defaults.maxBytes());
        assertEquals(178_956_970L, defaults.maxPixels());
        assertEquals(Runtime.getRuntime().maxMemory() / 2, defaults.budgetBytes());
        assertEquals(5 * MIB, new ImageLimits(1, 1, 5 * MIB).budgetBytes());
        IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class,
                () -> new ImageLimits(ImageLimits.LARGEST_MAX_BYTES + 1, 1, 0));
        assertTrue(bytes.getMessage().startsWith(ImageLimits.MAX_BYTES_OPTION), bytes.getMessage());
        IllegalArgumentException pixels = assertThrows(IllegalArgumentException.class, () -> new ImageLimits(1, 0, 0));
        assertTrue(pixels.getMessage().startsWith(ImageLimits.MAX_PIXELS_OPTION), pixels.getMessage());
        IllegalArgumentException budget = assertThrows(IllegalArgumentException.class,
                () -> new ImageLimits(1, 1, 1000));
        assertTrue(budget.getMessage().startsWith(ImageLimits.DECODE_BUDGET_OPTION), budget.getMessage());
    }
}
