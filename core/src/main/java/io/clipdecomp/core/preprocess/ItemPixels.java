package io.clipdecomp.core.preprocess;

import io.clipdecomp.core.data.DatasetItem;
import io.clipdecomp.core.data.EncodedImage;
import io.clipdecomp.core.data.PreprocessedPixels;

/**
 * Turns a dataset item into the model's input pixels the way the reference's dataset loaders do:
 * encoded images are decoded and converted to RGB before resizing; preprocessed pixels pass through.
 */
public final class ItemPixels {
    private final ClipImagePreprocessor preprocessor;

    public ItemPixels(ClipImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    /** Normalised CHW pixels [3 * S * S]; a bad item fails with its id and the reason. */
    public float[] pixels(DatasetItem item) throws ImageDecodeException {
        if (item.payload() instanceof EncodedImage encoded) {
            try {
                return preprocessor.toPixels(ImageDecoder.decode(encoded.bytes()), ColourConversion.BEFORE_RESIZE);
            } catch (ImageDecodeException e) {
                throw new ImageDecodeException(item.id() + ": " + e.getMessage());
            }
        }
        PreprocessedPixels p = (PreprocessedPixels) item.payload();
        if (p.size() != preprocessor.size()) {
            throw new ImageDecodeException(item.id() + ": preprocessed pixels are " + p.size() + "x" + p.size()
                    + ", the model takes " + preprocessor.size() + "x" + preprocessor.size());
        }
        return p.chw();
    }
}
