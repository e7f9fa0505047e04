package io.clipdecomp.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's verdict on hand-made samples: medians of the second and last thirds, worked out here by hand. */
class SoakVerdictTest {
    private static final long MIB = 1L << 20;

    /**
     * Samples with these heap-after-GC values and RSS outside the heap (MiB), while the committed heap grows by
     * 100 MiB a sample (the RSS with it): only what lies outside the heap may count.
     */
    private static List<SoakSample> samples(long[] heapMib, long[] nativeMib) {
        List<SoakSample> out = new ArrayList<>();
        for (int i = 0; i < heapMib.length; i++) {
            long committed = (2000 + 100L * i) * MIB;
            out.add(new SoakSample(i, 100L * i, 90L * i, 45, 999 * MIB, heapMib[i] * MIB, committed,
                    committed + nativeMib[i] * MIB));
        }
        return out;
    }

    @Test
    void mediansOfTheSecondAndLastThirdsDecide() {
        // 9 samples: thirds [0,3) [3,6) [6,9); warm-up values in the first third do not count
        long[] heap = {10, 500, 20, 100, 130, 110, 115, 400, 105};
        long[] rss = {200, 900, 300, 1000, 1040, 1020, 1090, 1100, 1150}; // RSS less the committed heap
        SoakVerdict v = SoakVerdict.of(samples(heap, rss));
        // heap: second third {100,130,110} -> 110; last {115,400,105} -> 115; allowed max(16, 11) = 16 MiB
        assertEquals(110 * MIB, v.heapAfterGc().secondThirdMedian());
        assertEquals(115 * MIB, v.heapAfterGc().lastThirdMedian());
        assertEquals(16 * MIB, v.heapAfterGc().allowedBytes());
        assertFalse(v.heapAfterGc().grew(), "one outlier in the last third moves no median");
        // rss: second {1000,1040,1020} -> 1020; last {1090,1100,1150} -> 1100; allowed 10% of 1020 = 102 MiB
        assertEquals(1020 * MIB, v.rssOutsideHeap().secondThirdMedian());
        assertEquals(1100 * MIB, v.rssOutsideHeap().lastThirdMedian());
        assertEquals(Math.round(1020 * MIB * 0.10), v.rssOutsideHeap().allowedBytes());
        assertFalse(v.rssOutsideHeap().grew(), "80 MiB is within 102 MiB");
        assertTrue(v.judged());
        assertFalse(v.grew());
        assertTrue(v.line().startsWith("no growth after warm-up"), v.line());
    }

    @Test
    void growthBeyondTheToleranceIsReported() {
        // 7 samples: thirds [0,2) [2,4) [4,7); rss second {1000,1010} -> 1005, last {1100,1120,1200} -> 1120
        long[] heap = {50, 50, 50, 50, 50, 50, 50};
        long[] rss = {100, 500, 1000, 1010, 1100, 1120, 1200};
        SoakVerdict v = SoakVerdict.of(samples(heap, rss));
        assertEquals(1005 * MIB, v.rssOutsideHeap().secondThirdMedian());
        assertEquals(1120 * MIB, v.rssOutsideHeap().lastThirdMedian());
        assertTrue(v.rssOutsideHeap().grew(), "115 MiB over 100.5 MiB allowed");
        assertFalse(v.heapAfterGc().grew());
        assertTrue(v.grew());
        assertTrue(v.line().startsWith("MEMORY GREW"), v.line());
    }

    @Test
    void anRssThatGrowsOnlyWithTheCommittedHeapIsNoGrowth() {
        long[] flat = {300, 300, 300, 300, 300, 300, 300, 300, 300};
        List<SoakSample> samples = samples(flat, flat);
        assertTrue(samples.get(8).rssBytes() - samples.get(3).rssBytes() == 500 * MIB, "the RSS itself grew");
        SoakVerdict v = SoakVerdict.of(samples);
        assertEquals(300 * MIB, v.rssOutsideHeap().lastThirdMedian());
        assertFalse(v.grew(), v.line());
    }

    @Test
    void anRssBelowTheCommittedHeapIsStillJudged() {
        // committed heap not yet touched: the RSS outside it is negative, and its growth still counts
        long[] heap = {50, 50, 50, 50, 50, 50};
        long[] rss = {-900, -800, -700, -690, -300, -290};
        SoakVerdict v = SoakVerdict.of(samples(heap, rss));
        assertEquals(-695 * MIB, v.rssOutsideHeap().secondThirdMedian());
        assertEquals(-295 * MIB, v.rssOutsideHeap().lastThirdMedian());
        assertEquals(Math.round(695 * MIB * 0.10), v.rssOutsideHeap().allowedBytes());
        assertTrue(v.grew(), v.line());
    }

    @Test
    void smallAbsoluteGrowthIsWithinTheSlack() {
        // heap second {40,40} -> 40, last {54,55} -> 54.5 (mean of the middle two): 14.5 MiB < 16 MiB
        long[] heap = {40, 40, 40, 40, 54, 55};
        long[] rss = {100, 100, 100, 100, 100, 100};
        SoakVerdict v = SoakVerdict.of(samples(heap, rss));
        assertEquals(54 * MIB + MIB / 2, v.heapAfterGc().lastThirdMedian());
        assertFalse(v.heapAfterGc().grew());
    }

    @Test
    void tooFewSamplesOrMissingFiguresAreNotJudged() {
        SoakVerdict few = SoakVerdict.of(samples(new long[] {1, 2, 3, 4, 5}, new long[] {1, 2, 3, 4, 5}));
        assertFalse(few.judged());
        assertFalse(few.grew());
        assertTrue(few.line().startsWith("not judged"), few.line());

        List<SoakSample> noRss = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            noRss.add(new SoakSample(i, i, i, 1, MIB, MIB, MIB, -1));
        }
        SoakVerdict v = SoakVerdict.of(noRss);
        assertNull(v.rssOutsideHeap(), "no RSS where /proc has none");
        assertTrue(v.judged(), "the heap is still judged");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3, SoakVerdict.median(new long[] {5, 1, 3}));
        assertEquals(5, SoakVerdict.median(new long[] {8, 2, 4, 6}));
    }

    @Test
    void theRssLineOfProcIsReadInBytes() {
        assertEquals(123456L * 1024, ProcessMemory.residentSetBytes("VmRSS:\t  123456 kB"));
        assertThrows(IllegalArgumentException.class, () -> ProcessMemory.residentSetBytes("VmRSS: 12 MB"));
        long rss = ProcessMemory.residentSetBytes();
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertTrue(rss > 1 << 20, "this JVM's RSS: " + rss);
        }
    }
}
