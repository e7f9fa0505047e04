package io.clipdecomp.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rates and spreads worked by hand. */
class MeasuredRateTest {
    @Test
    void twoBatchesOfOneAndThreeSeconds() {
        MeasuredRate r = MeasuredRate.of(new long[] {1_000_000_000L, 3_000_000_000L}, 4);
        assertEquals(2.0, r.perSecond(), 1e-12, "8 items in 4 s");
        assertEquals(2, r.batches());
        // mean 2 s, sample standard deviation sqrt((1 + 1) / 1) = 1.414 s
        assertEquals(100 * Math.sqrt(2) / 2, r.spreadPercent(), 1e-9);
        assertFalse(r.steady());
    }

    @Test
    void equalBatchesHaveNoSpreadAndFiveAreSteady() {
        MeasuredRate r = MeasuredRate.of(new long[] {500_000_000L, 500_000_000L, 500_000_000L, 500_000_000L,
            500_000_000L}, 3);
        assertEquals(6.0, r.perSecond(), 1e-12);
        assertEquals(0.0, r.spreadPercent());
        assertTrue(r.steady());
        assertEquals(0.0, MeasuredRate.of(new long[] {7}, 1).spreadPercent(), "one batch: no spread to tell");
        assertThrows(IllegalArgumentException.class, () -> MeasuredRate.of(new long[0], 1));
    }
}
