package io.clipdecomp.core.heatmap;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;

/**
 * A map laid over the image it describes: scaled to [0, 1] by its own minimum and maximum, colour-mapped with
 * {@link JetColormap} and blended half and half with the image's pixels.
 */
public final class HeatmapOverlay {
    /** Weight of the colour-mapped heatmap against the image. */
    public static final double HEATMAP_WEIGHT = 0.5;

    private HeatmapOverlay() {
    }

    /** {@code map} [S, S] over {@code image}, an RGB image of S x S. */
    public static RasterImage over(RasterImage image, double[] map) {
        if (image.mode() != ImageMode.RGB || image.width() != image.height()) {
            throw new IllegalArgumentException("heatmaps go over square RGB images, got " + image.mode() + " "
                    + image.width() + "x" + image.height());
        }
        int size = image.width();
        if (map.length != size * size) {
            throw new IllegalArgumentException("a map of " + map.length + " values for a " + size + "x" + size + " image");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        byte[] colour = new byte[3];
        byte[] out = new byte[size * size * 3];
        byte[] pixels = image.samples();
        for (int i = 0; i < map.length; i++) {
            // a constant map has no contrast: its lowest colour everywhere
            JetColormap.colour(range > 0 ? (map[i] - min) / range : 0, colour, 0);
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = (byte) Math.round(HEATMAP_WEIGHT * (colour[c] & 0xFF)
                        + (1 - HEATMAP_WEIGHT) * (pixels[i * 3 + c] & 0xFF));
            }
        }
        return RasterImage.rgb(size, size, out);
    }
}
