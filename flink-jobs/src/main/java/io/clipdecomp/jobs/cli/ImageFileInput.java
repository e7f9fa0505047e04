package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.preprocess.BoundedImagePreprocessor;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.DecodeBudget;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageFiles;
import io.clipdecomp.core.preprocess.ImageLimits;
import java.io.IOException;
import java.nio.file.Path;

/** One image file given on the command line, prepared for the model as a dataset's images are (RGB first). */
final class ImageFileInput {
    private ImageFileInput() {
    }

    /** The model's preprocessing for {@code config}. */
    static ClipImagePreprocessor preprocessor(ClipConfig config) {
        return ClipImagePreprocessor.forModel(config);
    }

    /** Preprocessing within {@code limits}, with a decode budget of its own. */
    static BoundedImagePreprocessor bounded(ClipConfig config, ImageLimits limits) {
        return new BoundedImagePreprocessor(preprocessor(config), limits, new DecodeBudget(limits.budgetBytes()));
    }

    /** The model input of {@code file}; an error names the file and says what is wrong with it. */
    static float[] pixels(Path file, BoundedImagePreprocessor preprocessor, ImageLimits limits)
            throws IOException, InterruptedException {
        byte[] bytes = ImageFiles.read(file, limits.maxBytes());
        try {
            return preprocessor.toPixels(bytes, ColourConversion.BEFORE_RESIZE);
        } catch (ImageDecodeException e) {
            throw new IllegalArgumentException(file + " cannot be used as an image: " + e.getMessage(), e);
        }
    }

    /** The file's name without its last extension, for output names. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
