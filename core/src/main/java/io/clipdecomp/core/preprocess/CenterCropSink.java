package io.clipdecomp.core.preprocess;

/**
 * The eval transform's resize and center crop of one image, fed with its decoded rows: each row is converted to RGB
 * first if the loader converts before resizing, then goes to a {@link PillowResize} that computes only the crop.
 * No full-size copy of the image is made. L images converted before resizing are resized as L and replicated
 * afterwards, which gives the same pixels as resizing three equal channels.
 */
final class CenterCropSink implements ImageSink {
    private final ClipImagePreprocessor geometry;
    private final ColourConversion when;
    private PillowResize resize;
    private boolean toRgbFirst;
    private ImageMode mode;
    private int[] palette;
    private int width;
    private byte[] rgbRow;

    CenterCropSink(ClipImagePreprocessor geometry, ColourConversion when) {
        this.geometry = geometry;
        this.when = when;
    }

    @Override
    public void begin(int width, int height, ImageMode mode, int[] palette) throws ImageDecodeException {
        this.width = width;
        this.mode = mode;
        this.palette = palette;
        int[] target = geometry.resizeTarget(width, height);
        int size = geometry.size();
        int left = geometry.cropOffset(target[0]);
        int top = geometry.cropOffset(target[1]);
        ImageMode resized = mode;
        if (when == ColourConversion.BEFORE_RESIZE && mode == ImageMode.I) {
            resized = ImageMode.L; // the clipped values are what convert('RGB') keeps, one band of three
        } else if (when == ColourConversion.AFTER_CROP && mode == ImageMode.I
                && (target[0] != width || target[1] != height)) {
            throw new ImageDecodeException("this grayscale image has more than 8 bits per sample (Pillow mode I or "
                    + "I;16), which the demo path resizes on the unclipped values (or Pillow cannot resize at all); "
                    + "only the dataset path, converting to RGB first, is reproduced");
        } else if (when == ColourConversion.BEFORE_RESIZE && mode != ImageMode.RGB && mode != ImageMode.L) {
            toRgbFirst = true;
            resized = ImageMode.RGB;
            rgbRow = new byte[width * 3];
        }
        resize = new PillowResize(width, height, resized, resized == ImageMode.P ? palette : null, target[0],
                target[1], left, top, size, size);
    }

    @Override
    public SampleWindow window() {
        return resize.window();
    }

    @Override
    public boolean takesPackedRgb() {
        return !toRgbFirst && resize.takesPackedRgb();
    }

    @Override
    public void packedRgbRow(int y, long[] redBlue, int[] green) {
        resize.packedRgbRow(y, redBlue, green);
    }

    @Override
    public void row(int y, byte[] samples, int offset) {
        if (toRgbFirst) {
            RasterImage.rowToRgb(mode, palette, samples, offset, width, rgbRow, 0);
            resize.row(y, rgbRow, 0);
        } else {
            resize.row(y, samples, offset);
        }
    }

    /** The 8-bit RGB crop, once every row has come. */
    RasterImage crop() {
        return resize.result().toRgb();
    }
}
