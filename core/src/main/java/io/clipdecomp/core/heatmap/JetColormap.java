package io.clipdecomp.core.heatmap;

/**
 * The classic "jet" colormap: dark blue, blue, cyan, yellow, red, dark red, piecewise linear in each channel
 * (channel c = clip(1.5 − |4v − k_c|) with k = 3, 2, 1 for red, green, blue).
 */
public final class JetColormap {
    private JetColormap() {
    }

    /** The 8-bit RGB colour of {@code v} in [0, 1] (clamped), written to {@code into} at {@code offset}. */
    public static void colour(double v, byte[] into, int offset) {
        double x = Math.min(1, Math.max(0, Double.isNaN(v) ? 0 : v));
        into[offset] = channel(x, 3);
        into[offset + 1] = channel(x, 2);
        into[offset + 2] = channel(x, 1);
    }

    private static byte channel(double x, double centre) {
        double c = Math.min(1, Math.max(0, 1.5 - Math.abs(4 * x - centre)));
        return (byte) Math.round(c * 255);
    }
}
