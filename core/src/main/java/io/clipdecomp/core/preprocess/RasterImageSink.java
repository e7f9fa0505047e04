package io.clipdecomp.core.preprocess;

/** Collects rows into a whole {@link RasterImage}, for callers that need the decoded image itself. */
final class RasterImageSink implements ImageSink {
    private int width;
    private int height;
    private ImageMode mode;
    private int[] palette;
    private byte[] samples;
    private int rows;

    @Override
    public void begin(int width, int height, ImageMode mode, int[] palette) {
        this.width = width;
        this.height = height;
        this.mode = mode;
        this.palette = palette;
        this.samples = new byte[Math.multiplyExact(Math.multiplyExact(width, height), mode.bands())];
    }

    @Override
    public SampleWindow window() {
        return SampleWindow.all(width, height);
    }

    @Override
    public void row(int y, byte[] row, int offset) {
        if (y != rows) {
            throw new IllegalStateException("row " + y + " came after " + rows + " rows");
        }
        int stride = width * mode.bands();
        System.arraycopy(row, offset, samples, y * stride, stride);
        rows++;
    }

    /** The image, once every row has come. */
    RasterImage image() {
        if (samples == null || rows != height) {
            throw new IllegalStateException("the image has " + rows + " of its " + height + " rows");
        }
        return new RasterImage(width, height, mode, samples, palette);
    }
}
