package io.clipdecomp.core.shapes;

/**
 * Options of {@link ShapesDatasetWriter}.
 *
 * @param canvasSize side of each image in pixels
 * @param spuriousCorrelation Waterbirds: fraction of each class, in the train and validation splits, shown on
 *     its usual background (land objects on land, water objects on water)
 * @param valFraction Waterbirds: fraction of images in the validation split
 * @param testFraction Waterbirds: fraction of images in the test split (rounded down to a multiple of 4 so
 *     that it can be balanced exactly)
 */
public record DatasetOptions(int canvasSize, double spuriousCorrelation, double valFraction,
                             double testFraction) {

    public DatasetOptions {
        if (canvasSize < SceneGenerator.MIN_CANVAS || canvasSize > SceneGenerator.MAX_CANVAS) {
            throw new IllegalArgumentException("canvas size must be in [" + SceneGenerator.MIN_CANVAS + ", "
                    + SceneGenerator.MAX_CANVAS + "] pixels, got " + canvasSize);
        }
        if (!(spuriousCorrelation >= 0 && spuriousCorrelation <= 1)) {
            throw new IllegalArgumentException("spurious correlation must be in [0, 1], got " + spuriousCorrelation);
        }
        if (!(valFraction >= 0 && testFraction >= 0 && valFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validation and test fractions must be >= 0 and leave room for"
                    + " training, got " + valFraction + " and " + testFraction);
        }
    }

    /** 64-pixel images, 95% spurious correlation, 60/20/20 train/validation/test. */
    public static DatasetOptions defaults() {
        return new DatasetOptions(SceneGenerator.DEFAULT_CANVAS, 0.95, 0.2, 0.2);
    }

    public DatasetOptions withCanvasSize(int size) {
        return new DatasetOptions(size, spuriousCorrelation, valFraction, testFraction);
    }

    public DatasetOptions withSpuriousCorrelation(double rate) {
        return new DatasetOptions(canvasSize, rate, valFraction, testFraction);
    }

    public DatasetOptions withSplitFractions(double validation, double test) {
        return new DatasetOptions(canvasSize, spuriousCorrelation, validation, test);
    }
}
