package io.clipdecomp.core.segment;

import io.clipdecomp.core.preprocess.RasterImage;

/**
 * Everything the evaluation computed for one image.
 *
 * @param sample the image and its mask as read
 * @param input the model's input image (resized and cropped, 8-bit RGB)
 * @param truth the mask the metrics compare against (S x S)
 * @param patchMap the token map before upsampling
 * @param map the relevance map and its foreground prediction
 * @param score the image's counts and AP
 */
public record ImageResult(SegmentationSample sample, RasterImage input, LabelMask truth, PatchMap patchMap,
                          ForegroundMap map, ImageScore score) {
}
