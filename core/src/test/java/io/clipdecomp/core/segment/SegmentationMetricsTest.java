package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The protocol's per-image map and counts and the dataset totals, on 2 x 2 maps worked by hand (patch 1, so the
 * upsampling is the identity and every value is exact).
 */
class SegmentationMetricsTest {
    private static final double EXACT = 1e-15;
    private static final double EPS = Math.ulp(1.0);

    /** Patch map [0, 1, 2, 4]: Res = [0, .25, .5, 1], mean .4375, foreground = pixels 2 and 3. */
    private static ForegroundMap ramp() {
        return ForegroundMap.of(new float[] {0, 1, 2, 4}, 2, 1);
    }

    @Test
    void mapIsClippedNormalisedAndThresholdedAtItsMean() {
        ForegroundMap map = ForegroundMap.of(new float[] {-3, 1, 2, 4}, 2, 1); // -3 clips to 0
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 1}, map.relevance(), 0f);
        assertArrayEquals(new float[] {1, 0.75f, 0.5f, 0}, map.backgroundScores(), 0f);
        assertArrayEquals(new boolean[] {false, false, true, true}, map.foreground());
    }

    @Test
    void scoresAPartlyRightImage() {
        ImageScore s = ImageScore.of(ramp(), LabelMask.of(2, 2, new byte[] {0, 1, 1, 1}));
        // predicted [bg, bg, fg, fg] vs truth [bg, fg, fg, fg]: 3 right
        assertEquals(3, s.correct());
        assertEquals(4, s.labeled());
        assertArrayEquals(new long[] {1, 2}, s.intersection());
        // union: bg predicted 2 + true 1 - 1; fg predicted 2 + true 3 - 2
        assertArrayEquals(new long[] {2, 3}, s.union());
        // scores (bg: 1 - Res, fg: Res) and labels, by decreasing threshold: 1 {+,+}, .75 {-}, .5 {-,+}, .25 {+},
        // 0 {-,-}: (P, R) = (1, .5) (2/3, .5) (3/5, .75) (4/6, 1) (4/8, 1)
        assertEquals(0.5 + 0.25 * 3 / 5.0 + 0.25 * 4 / 6.0, s.averagePrecision(), EXACT);
    }

    @Test
    void scoresAnAllForegroundImage() {
        ImageScore s = ImageScore.of(ramp(), LabelMask.of(2, 2, new byte[] {1, 1, 1, 1}));
        assertEquals(2, s.correct());
        assertArrayEquals(new long[] {0, 2}, s.intersection());
        assertArrayEquals(new long[] {2, 4}, s.union());
        // no background pixel: thresholds 1 {-,+}, .75 {-}, .5 {-,+}, .25 {+}, 0 {-,+} ->
        // (P, R) = (1/2, 1/4) (1/3, 1/4) (2/5, 1/2) (3/6, 3/4) (4/8, 1)
        assertEquals(0.25 * 0.5 + 0.25 * 0.4 + 0.25 * 0.5 + 0.25 * 0.5, s.averagePrecision(), EXACT);
    }

    @Test
    void aFlatMapPredictsBackgroundEverywhere() {
        // max = min: Res is NaN, which the original counts as background and scores 0 in both channels
        ForegroundMap map = ForegroundMap.of(new float[] {2, 2, 2, 2}, 2, 1);
        assertArrayEquals(new boolean[4], map.foreground());
        assertArrayEquals(new float[4], map.relevance(), 0f);
        assertArrayEquals(new float[4], map.backgroundScores(), 0f);
        ImageScore s = ImageScore.of(map, LabelMask.of(2, 2, new byte[] {0, 1, 1, 1}));
        assertEquals(1, s.correct());
        // all 8 scores tie: one threshold with 4 positives of 8
        assertEquals(0.5, s.averagePrecision(), EXACT);
    }

    @Test
    void anEmptyMaskScoresTheBackgroundChannel() {
        ImageScore s = ImageScore.of(ramp(), LabelMask.of(2, 2, new byte[4]));
        assertEquals(2, s.correct());
        assertArrayEquals(new long[] {2, 0}, s.intersection());
        assertArrayEquals(new long[] {4, 2}, s.union());
        // positives are the 4 background entries, scored 1, .75, .5, 0; negatives Res = 0, .25, .5, 1:
        // 1 {+,-} (1/2, 1/4), .75 {+} (2/3, 1/2), .5 {+,-} (3/5, 3/4), .25 {-} (3/6, 3/4), 0 {+,-} (4/8, 1)
        assertEquals(0.25 * 0.5 + 0.25 * 2 / 3.0 + 0.25 * 0.6 + 0.25 * 0.5, s.averagePrecision(), EXACT);
    }

    @Test
    void totalsSumCountsOverImagesBeforeDividing() {
        SegmentationTotals t = new SegmentationTotals();
        ImageScore partly = ImageScore.of(ramp(), LabelMask.of(2, 2, new byte[] {0, 1, 1, 1}));
        ImageScore all = ImageScore.of(ramp(), LabelMask.of(2, 2, new byte[] {1, 1, 1, 1}));
        t.add(partly);
        t.add(all);
        assertEquals(2, t.images());
        assertEquals(5 / (EPS + 8), t.pixelAccuracy(), 0);
        // intersections [1, 4], unions [4, 7]: not the mean of the per-image IoUs
        assertEquals(1 / (EPS + 4), t.iou(0), 0);
        assertEquals(4 / (EPS + 7), t.iou(1), 0);
        assertEquals((1 / (EPS + 4) + 4 / (EPS + 7)) / 2, t.meanIoU(), 0);
        assertEquals((partly.averagePrecision() + all.averagePrecision()) / 2, t.meanAP(), EXACT);
    }
}
