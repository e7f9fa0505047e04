package io.clipdecomp.core.segment;

import io.clipdecomp.core.preprocess.RasterImage;
import java.util.Objects;

/**
 * One image of a segmentation dataset with its ground truth.
 *
 * @param index position in the dataset
 * @param id a name for messages and outputs (file name or index)
 * @param image the image as stored
 * @param mask its foreground mask, at its own size
 */
public record SegmentationSample(int index, String id, RasterImage image, LabelMask mask) {
    public SegmentationSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
    }
}
