package io.clipdecomp.core.segment;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.PngFiles;
import java.nio.file.Path;

/**
 * The pictures of one scored image, as the original's {@code --save_img} saves them, as PNG: the model input, the
 * ground-truth mask, the binary prediction and the relevance heatmap (jet colours), all S x S.
 */
public final class SegmentationImages {
    private SegmentationImages() {
    }

    /** Writes {@code i_input.png}, {@code i_mask.png}, {@code i_prediction.png} and {@code i_heatmap.png} into dir. */
    public static void write(Path dir, int index, ImageResult r) {
        PngFiles.write(r.input(), dir.resolve(index + "_input.png"));
        PngFiles.write(r.truth().toImage(), dir.resolve(index + "_mask.png"));
        PngFiles.write(prediction(r.map()), dir.resolve(index + "_prediction.png"));
        PngFiles.write(heatmap(r.map()), dir.resolve(index + "_heatmap.png"));
    }

    /** 255 where foreground is predicted, 0 elsewhere. */
    public static RasterImage prediction(ForegroundMap map) {
        boolean[] fg = map.foreground();
        byte[] out = new byte[fg.length];
        for (int i = 0; i < fg.length; i++) {
            out[i] = (byte) (fg[i] ? 255 : 0);
        }
        return new RasterImage(map.size(), map.size(), ImageMode.L, out, null);
    }

    /**
     * Res scaled to 0..255 as the original does ({@code uint8(255 * Res / max)}, truncated) through the jet colour
     * map (blue low, red high), the classic piecewise-linear one.
     */
    public static RasterImage heatmap(ForegroundMap map) {
        float[] res = map.relevance();
        float max = 0;
        for (float v : res) {
            max = Math.max(max, v);
        }
        byte[] rgb = new byte[res.length * 3];
        for (int i = 0; i < res.length; i++) {
            int level = max > 0 ? (int) Math.min(255f, 255f * res[i] / max) : 0;
            double t = level / 255.0;
            rgb[3 * i] = jet(t, 3);
            rgb[3 * i + 1] = jet(t, 2);
            rgb[3 * i + 2] = jet(t, 1);
        }
        return RasterImage.rgb(map.size(), map.size(), rgb);
    }

    /** Jet's channel with its peak at {@code peak} quarters of the range: clamp(1.5 - |4t - peak|). */
    private static byte jet(double t, int peak) {
        double v = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - peak)));
        return (byte) Math.round(255 * v);
    }
}
