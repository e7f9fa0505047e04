package io.clipdecomp.core.preprocess;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PillowResizeTest {
    private static final int ONE = 1 << 22;

    @Test
    void bicubicFilterAtHandWorkedPoints() {
        // a = -0.5: |x| < 1: 1.5|x|^3 - 2.5|x|^2 + 1; 1 <= |x| < 2: -0.5 (|x|^3 - 5|x|^2 + 8|x| - 4)
        assertEquals(1.0, PillowResize.bicubicFilter(0.0));
        assertEquals(0.8671875, PillowResize.bicubicFilter(0.25));
        assertEquals(0.8671875, PillowResize.bicubicFilter(-0.25));
        assertEquals(0.5625, PillowResize.bicubicFilter(0.5));
        assertEquals(0.2265625, PillowResize.bicubicFilter(0.75));
        assertEquals(0.0, PillowResize.bicubicFilter(1.0), 0.0);
        assertEquals(-0.0703125, PillowResize.bicubicFilter(1.25));
        assertEquals(-0.0625, PillowResize.bicubicFilter(1.5));
        assertEquals(0.0, PillowResize.bicubicFilter(2.0));
        assertEquals(0.0, PillowResize.bicubicFilter(-3.0));
    }

    @Test
    void upscaleCoefficientsTwoToFour() {
        // scale 0.5, support 2, ksize 5. Output 0: center 0.25, window [0, 2), taps at distance 0.25 and 1.25:
        // 0.8671875 and -0.0703125, sum 0.796875 -> 37/34 and -3/34 -> round(37/34 * 2^22) = 4564390,
        // -round(3/34 * 2^22) = -370086. Output 1: center 0.75, taps 0.25 and 0.75: 0.8671875 and 0.2265625,
        // sum 1.09375 -> 111/140 and 29/140 -> 3325484 and 868820. Outputs 2 and 3 mirror them.
        PillowResize.Coefficients c = PillowResize.Coefficients.bicubic(2, 4);
        assertEquals(5, c.ksize);
        assertArrayEquals(new int[] {0, 0, 0, 0}, c.first);
        assertArrayEquals(new int[] {2, 2, 2, 2}, c.count);
        assertArrayEquals(new int[] {
            4564390, -370086, 0, 0, 0,
            3325484, 868820, 0, 0, 0,
            868820, 3325484, 0, 0, 0,
            -370086, 4564390, 0, 0, 0}, c.fixedPointWeights());
    }

    @Test
    void downscaleCoefficientsSixToTwo() {
        // scale 3 widens the support to 6, ksize 13. Output 0: center 1.5, window [0, 6) (clipped from [-4, 8)),
        // taps f((x - 1) / 3) for x = 0..5: f(1/3), f(0), f(1/3), f(2/3), f(1) = 0, f(4/3); f(1/3) = 0.77777...,
        // f(2/3) = 0.33333..., f(4/3) = -0.07407..., sum 2.81481... -> 21/76, 27/76, 21/76, 9/76, 0, -2/76.
        PillowResize.Coefficients c = PillowResize.Coefficients.bicubic(6, 2);
        assertEquals(13, c.ksize);
        assertArrayEquals(new int[] {0, 0}, c.first);
        assertArrayEquals(new int[] {6, 6}, c.count);
        int[] fixed = c.fixedPointWeights();
        int[] expected0 = {1158952, 1490082, 1158952, 496694, 0, -110376};
        int[] expected1 = {-110376, 0, 496694, 1158952, 1490082, 1158952};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected0[i], fixed[i], "output 0 tap " + i);
            assertEquals(expected1[i], fixed[13 + i], "output 1 tap " + i);
        }
        assertEquals(Math.round(21.0 / 76 * ONE), fixed[0]);
        assertEquals(-Math.round(2.0 / 76 * ONE), fixed[5]);
    }

    @Test
    void tinyUpscaleOfGrayRow() {
        // (2^21 + sum(sample * weight)) >> 22, clipped: 255 * -370086 < 0 -> 0; 255 * 868820 -> 53.3 -> 53;
        // 255 * 3325484 -> 202.7 -> 202; 255 * 4564390 -> 278 -> 255 (bicubic overshoot is clipped).
        RasterImage row = new RasterImage(2, 1, ImageMode.L, bytes(0, 255), null);
        assertArrayEquals(bytes(0, 53, 202, 255), PillowResize.resize(row, 4, 1).samples());
        RasterImage column = new RasterImage(1, 2, ImageMode.L, bytes(0, 255), null);
        assertArrayEquals(bytes(0, 53, 202, 255), PillowResize.resize(column, 1, 4).samples());
    }

    @Test
    void tinyUpscaleTreatsRgbChannelsIndependently() {
        RasterImage row = RasterImage.rgb(2, 1, bytes(0, 255, 10, 255, 0, 200));
        RasterImage out = PillowResize.resize(row, 4, 1);
        // channel 2: 10 * 4564390 + 200 * -370086 < 0 -> 0; 10 * 3325484 + 200 * 868820 -> 49.4 -> 49; ...
        assertArrayEquals(bytes(0, 255, 0, 53, 202, 49, 202, 53, 161, 255, 0, 217), out.samples());
    }

    @Test
    void tinyDownscaleOfGrayRow() {
        // 60 * 1490082 + 120 * 1158952 + 180 * 496694 + 255 * -110376 + 2^21 = 291835352 -> 69.6 -> 69
        RasterImage row = new RasterImage(6, 1, ImageMode.L, bytes(0, 60, 120, 180, 240, 255), null);
        assertArrayEquals(bytes(69, 220), PillowResize.resize(row, 2, 1).samples());
    }

    @Test
    void unchangedSizeGivesAnEqualCopy() {
        RasterImage img = new RasterImage(2, 1, ImageMode.P, bytes(3, 1), new int[] {0, 1, 2, 3});
        RasterImage out = PillowResize.resize(img, 2, 1);
        assertNotSame(img.samples(), out.samples());
        assertNotSame(img.palette(), out.palette());
        assertArrayEquals(img.samples(), out.samples());
        assertArrayEquals(img.palette(), out.palette());
        assertEquals(ImageMode.P, out.mode());
    }

    @Test
    void paletteImagesUseNearestIndices() {
        int w = 70;
        int h = 50;
        byte[] indices = new byte[w * h];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (byte) ((i * 7 + i / w) % 12);
        }
        int[] palette = new int[12];
        RasterImage img = new RasterImage(w, h, ImageMode.P, indices, palette);
        // Sizes where no (x + 0.5) * w / nw is a whole number, so the exact formula applies everywhere.
        int[][] sizes = {{78, 56}, {56, 40}, {4, 2}, {140, 102}, {1, 1}};
        for (int[] s : sizes) {
            RasterImage out = PillowResize.resize(img, s[0], s[1]);
            for (int y = 0; y < s[1]; y++) {
                for (int x = 0; x < s[0]; x++) {
                    // floor((x + 0.5) * w / nw) in exact integer arithmetic
                    int sx = (2 * x + 1) * w / (2 * s[0]);
                    int sy = (2 * y + 1) * h / (2 * s[1]);
                    assertEquals(img.sample(sx, sy, 0), out.sample(x, y, 0), "pixel " + x + "," + y + " at " + s[0] + "x" + s[1]);
                }
            }
            assertArrayEquals(palette, out.palette());
        }
    }

    @Test
    void nearestAtExactHalfwayPositionsFollowsPillowsAccumulatedStep() {
        // 50 rows -> 101: row 50 sits exactly on source row 25 ((50 + 0.5) * 50 / 101 = 25), but Pillow adds the
        // step 50 / 101 to a double 50 times and lands just below 25, so it reads row 24.
        int w = 1;
        int h = 50;
        byte[] indices = new byte[h];
        for (int y = 0; y < h; y++) {
            indices[y] = (byte) y;
        }
        RasterImage out = PillowResize.resize(new RasterImage(w, h, ImageMode.P, indices, new int[50]), 1, 101);
        double step = 50.0 / 101;
        double position = step * 0.5;
        for (int y = 0; y < 101; y++) {
            assertEquals((int) position, out.sample(0, y, 0), "row " + y);
            position += step;
        }
        assertEquals(24, out.sample(0, 50, 0));
    }

    @Test
    void rgbaIsResizedPremultiplied() {
        // Columns (200, 100, 50, a 255) and (10, 20, 30, a 0); 2x2 -> 1x1 weights both taps 1/2.
        // Premultiplied: (200, 100, 50, 255) and (0, 0, 0, 0) -> (201 * 2^21) >> 22 = 100, 50, 25, alpha 128;
        // un-premultiplied: 255 * 100 / 128 = 199, 255 * 50 / 128 = 99, 255 * 25 / 128 = 49.
        RasterImage img = new RasterImage(2, 2, ImageMode.RGBA,
                bytes(200, 100, 50, 255, 10, 20, 30, 0, 200, 100, 50, 255, 10, 20, 30, 0), null);
        assertArrayEquals(bytes(199, 99, 49, 128), PillowResize.resize(img, 1, 1).samples());
        // Without premultiplying, as after convert('RGB'): (1 + 200 + 10) / 2 -> 105, (1 + 120) / 2 -> 60, 40.
        assertArrayEquals(bytes(105, 60, 40), PillowResize.resize(img.toRgb(), 1, 1).samples());
    }

    @Test
    void laIsResizedPremultiplied() {
        RasterImage img = new RasterImage(2, 1, ImageMode.LA, bytes(200, 255, 10, 0), null);
        assertArrayEquals(bytes(199, 128), PillowResize.resize(img, 1, 1).samples());
    }

    @Test
    void premultiplyRoundTripLosesPrecisionAsPillowDoes() {
        // MULDIV255(100, 128) = 50; a single-tap upscale keeps 50; 255 * 50 / 128 = 99.
        RasterImage img = new RasterImage(1, 1, ImageMode.RGBA, bytes(100, 100, 100, 128), null);
        assertArrayEquals(bytes(99, 99, 99, 128, 99, 99, 99, 128), PillowResize.resize(img, 2, 1).samples());
        // Alpha 0 and 255 keep the resized colour as it is.
        RasterImage clear = new RasterImage(1, 1, ImageMode.RGBA, bytes(100, 50, 25, 0), null);
        assertArrayEquals(bytes(0, 0, 0, 0, 0, 0, 0, 0), PillowResize.resize(clear, 2, 1).samples());
    }

    @Test
    void mulDiv255MatchesRoundedDivision() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals((a * b + 127) / 255, PillowResize.mulDiv255(a, b), a + "*" + b);
            }
        }
    }

    @Test
    void matchesPlainReDerivationOnRandomImages() {
        Random random = new Random(42);
        int[][] shapes = {{5, 7, 9, 4}, {40, 70, 56, 98}, {138, 100, 77, 56}, {72, 60, 67, 56}, {3, 3, 1, 1},
            {17, 5, 17, 11}, {9, 13, 4, 13}, {1, 6, 3, 2}, {64, 88, 56, 77}};
        for (int[] s : shapes) {
            for (ImageMode mode : new ImageMode[] {ImageMode.L, ImageMode.RGB}) {
                byte[] samples = new byte[s[0] * s[1] * mode.bands()];
                random.nextBytes(samples);
                RasterImage img = new RasterImage(s[0], s[1], mode, samples, null);
                byte[] expected = naiveResize(samples, s[0], s[1], mode.bands(), s[2], s[3]);
                assertArrayEquals(expected, PillowResize.resize(img, s[2], s[3]).samples(),
                        mode + " " + s[0] + "x" + s[1] + " -> " + s[2] + "x" + s[3]);
            }
        }
    }

    @Test
    void rejectsNonPositiveTargets() {
        RasterImage img = new RasterImage(1, 1, ImageMode.L, bytes(0), null);
        assertThrows(IllegalArgumentException.class, () -> PillowResize.resize(img, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PillowResize.resize(img, 1, -1));
    }

    /**
     * Resample.c restated plainly: every output pixel of a pass gets its own weights, the first pass covers all
     * rows, sums are long and divided with floorDiv.
     */
    private static byte[] naiveResize(byte[] src, int inW, int inH, int bands, int outW, int outH) {
        int[] cur = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            cur[i] = src[i] & 0xFF;
        }
        int w = inW;
        if (outW != inW) {
            int[] next = new int[outW * inH * bands];
            for (int y = 0; y < inH; y++) {
                for (int x = 0; x < outW; x++) {
                    long[] wt = naiveTaps(inW, outW, x);
                    for (int b = 0; b < bands; b++) {
                        long ss = ONE / 2;
                        for (int t = 1; t < wt.length; t++) {
                            ss += cur[(y * inW + (int) wt[0] + t - 1) * bands + b] * wt[t];
                        }
                        next[(y * outW + x) * bands + b] = (int) Math.max(0, Math.min(255, Math.floorDiv(ss, ONE)));
                    }
                }
            }
            cur = next;
            w = outW;
        }
        if (outH != inH) {
            int[] next = new int[w * outH * bands];
            for (int y = 0; y < outH; y++) {
                long[] wt = naiveTaps(inH, outH, y);
                for (int x = 0; x < w; x++) {
                    for (int b = 0; b < bands; b++) {
                        long ss = ONE / 2;
                        for (int t = 1; t < wt.length; t++) {
                            ss += cur[(((int) wt[0] + t - 1) * w + x) * bands + b] * wt[t];
                        }
                        next[(y * w + x) * bands + b] = (int) Math.max(0, Math.min(255, Math.floorDiv(ss, ONE)));
                    }
                }
            }
            cur = next;
        }
        byte[] out = new byte[cur.length];
        for (int i = 0; i < cur.length; i++) {
            out[i] = (byte) cur[i];
        }
        return out;
    }

    /** {first source index, fixed-point weight per tap} for output index {@code o}. */
    private static long[] naiveTaps(int in, int out, int o) {
        double scale = (double) in / out;
        double stretch = scale < 1 ? 1 : scale;
        double reach = 2 * stretch;
        double center = (o + 0.5) * scale;
        int lo = Math.max(0, (int) (center - reach + 0.5));
        int hi = Math.min(in, (int) (center + reach + 0.5));
        double[] w = new double[hi - lo];
        double sum = 0;
        for (int i = lo; i < hi; i++) {
            double d = Math.abs((i - center + 0.5) * (1.0 / stretch));
            double a = -0.5;
            double v = d < 1 ? ((a + 2) * d - (a + 3)) * d * d + 1 : d < 2 ? (((d - 5) * d + 8) * d - 4) * a : 0;
            w[i - lo] = v;
            sum += v;
        }
        long[] taps = new long[w.length + 1];
        taps[0] = lo;
        for (int i = 0; i < w.length; i++) {
            double scaled = w[i] / sum * ONE;
            taps[i + 1] = (long) (scaled < 0 ? scaled - 0.5 : scaled + 0.5);
        }
        return taps;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
