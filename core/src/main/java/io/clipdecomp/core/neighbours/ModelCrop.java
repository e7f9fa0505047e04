package io.clipdecomp.core.neighbours;

import io.clipdecomp.core.data.EncodedImage;
import io.clipdecomp.core.data.ImagePayload;
import io.clipdecomp.core.data.PreprocessedPixels;
import io.clipdecomp.core.model.PreprocessConfig;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.RasterImage;

/**
 * An image as the model sees it before normalisation (the notebook's {@code visualization_preprocess}): an
 * encoded image is converted to RGB, resized and centre-cropped exactly as for the model; preprocessed pixels
 * are un-normalised back to 8 bits.
 */
public final class ModelCrop {
    private ModelCrop() {
    }

    /**
     * The S×S RGB crop of {@code payload}.
     *
     * @param normalisation the mean and std the model's preprocessing used, undone for preprocessed pixels
     * @param maxPixels the largest image decoded
     */
    public static RasterImage of(ImagePayload payload, ClipImagePreprocessor preprocessor,
                                 PreprocessConfig normalisation, long maxPixels) throws ImageDecodeException {
        if (payload instanceof EncodedImage encoded) {
            return preprocessor.resizeAndCrop(ImageDecoder.decode(encoded.bytes(), maxPixels),
                    ColourConversion.BEFORE_RESIZE);
        }
        PreprocessedPixels pixels = (PreprocessedPixels) payload;
        int size = pixels.size();
        int plane = size * size;
        float[] mean = normalisation.mean();
        float[] std = normalisation.std();
        float[] chw = pixels.chw();
        byte[] rgb = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                long v = Math.round((chw[c * plane + i] * std[c] + mean[c]) * 255.0);
                rgb[i * 3 + c] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return RasterImage.rgb(size, size, rgb);
    }
}
