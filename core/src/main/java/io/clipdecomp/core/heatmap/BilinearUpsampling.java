package io.clipdecomp.core.heatmap;

/**
 * Bilinear upsampling of a square map by an integer factor, as PyTorch's
 * {@code F.interpolate(mode='bilinear', align_corners=False, scale_factor=f)}: output pixel i samples the input at
 * (i + 0.5) / f − 0.5, clamped at 0, between its two neighbours (the last one repeated at the edge).
 */
public final class BilinearUpsampling {
    private BilinearUpsampling() {
    }

    /** {@code map} [n, n] (row-major) upsampled to [n·factor, n·factor]. */
    public static double[] upsample(double[] map, int n, int factor) {
        if (n < 1 || factor < 1 || map.length != n * n) {
            throw new IllegalArgumentException("cannot upsample " + map.length + " values as a " + n + "x" + n
                    + " map by " + factor);
        }
        int size = n * factor;
        int[] low = new int[size];
        int[] high = new int[size];
        double[] weight = new double[size];
        for (int i = 0; i < size; i++) {
            double src = Math.max(0, (i + 0.5) / factor - 0.5);
            low[i] = Math.min((int) src, n - 1);
            high[i] = Math.min(low[i] + 1, n - 1);
            weight[i] = src - low[i];
        }
        double[] out = new double[size * size];
        for (int y = 0; y < size; y++) {
            double wy = weight[y];
            int r0 = low[y] * n;
            int r1 = high[y] * n;
            for (int x = 0; x < size; x++) {
                double wx = weight[x];
                double top = map[r0 + low[x]] * (1 - wx) + map[r0 + high[x]] * wx;
                double bottom = map[r1 + low[x]] * (1 - wx) + map[r1 + high[x]] * wx;
                out[y * size + x] = top * (1 - wy) + bottom * wy;
            }
        }
        return out;
    }
}
