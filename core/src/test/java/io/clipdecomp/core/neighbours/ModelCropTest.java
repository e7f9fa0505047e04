package io.clipdecomp.core.neighbours;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.clipdecomp.core.data.EncodedImage;
import io.clipdecomp.core.data.PreprocessedPixels;
import io.clipdecomp.core.model.PreprocessConfig;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.PngFiles;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The crop shown for an image is the model's crop before normalisation, from files and from pixels. */
class ModelCropTest {
    private static final ClipImagePreprocessor PRE = new ClipImagePreprocessor(8, PreprocessConfig.OPENAI.mean(),
            PreprocessConfig.OPENAI.std());

    private static RasterImage noise(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new SplittableRandom(seed).nextBytes(rgb);
        return RasterImage.rgb(w, h, rgb);
    }

    @Test
    void anEncodedImageIsResizedAndCroppedAsForTheModel() throws Exception {
        RasterImage image = noise(13, 21, 3);
        RasterImage shown = ModelCrop.of(new EncodedImage(PngFiles.encode(image), "a.png"), PRE,
                PreprocessConfig.OPENAI, ImageLimits.DEFAULT_MAX_PIXELS);
        assertArrayEquals(PRE.resizeAndCrop(image, ColourConversion.BEFORE_RESIZE).samples(), shown.samples());
    }

    @Test
    void preprocessedPixelsAreUnNormalisedToTheirBytes() throws Exception {
        RasterImage crop = noise(8, 8, 5);
        float[] pixels = PRE.toPixels(crop, ColourConversion.BEFORE_RESIZE);
        RasterImage shown = ModelCrop.of(new PreprocessedPixels(pixels, 8), PRE, PreprocessConfig.OPENAI,
                ImageLimits.DEFAULT_MAX_PIXELS);
        assertArrayEquals(crop.samples(), shown.samples());
    }
}
