package io.clipdecomp.core.preprocess;

/**
 * An encoded image whose header has been read and checked (format, size, pixel limit, data enough for the
 * claimed size) and whose pixels are not decoded yet: callers can learn what decoding will cost before paying
 * it. Made by {@link ImageDecoder#open}; close it to release the decoder.
 */
public final class OpenImage implements AutoCloseable {
    private final ImageSource source;

    OpenImage(byte[] encoded, ImageSource source, long maxPixels) throws ImageDecodeException {
        this.source = source;
        int width = source.width();
        int height = source.height();
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException("image has no pixels: " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageDecodeException("image too large: " + width + "x" + height + " = " + pixels
                    + " pixels, over the limit of " + maxPixels + " pixels (" + ImageLimits.MAX_PIXELS_OPTION + ")");
        }
        if (format().equals("png")) {
            EncodedDataCheck.png(encoded, width, height);
        } else if (source instanceof JpegSource jpeg) {
            EncodedDataCheck.jpeg(encoded, width, height, !jpeg.singlePass());
        }
    }

    public String format() {
        return source.format();
    }

    public int width() {
        return source.width();
    }

    public int height() {
        return source.height();
    }

    /** Heap that {@link #decode()} may hold at its peak, at most; decoding into rows needs no more. */
    public long decodeBytes() {
        return source.decodeBytes();
    }

    /** Decodes the pixels (the first frame of an animation). */
    public RasterImage decode() throws ImageDecodeException {
        RasterImageSink sink = new RasterImageSink();
        decode(sink);
        return sink.image();
    }

    /** Decodes the pixels into {@code sink}, row by row; the errors of the decoder and of the sink in our words. */
    void decode(ImageSink sink) throws ImageDecodeException {
        try {
            source.decode(sink);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        } catch (Exception e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError) {
                    throw outOfMemory(cause); // ImageIO wraps it in an IIOException
                }
            }
            throw ImageDecoder.failure(e);
        }
    }

    /** The failed allocation is the image buffer itself, so the JVM is still usable afterwards. */
    private ImageDecodeException outOfMemory(Throwable e) {
        return new ImageDecodeException("ran out of memory decoding this " + width() + "x" + height() + " "
                + format() + " (the heap is too small for it next to what else runs; lower "
                + ImageLimits.DECODE_BUDGET_OPTION + " or give the JVM more heap)", e);
    }

    @Override
    public void close() throws ImageDecodeException {
        source.close();
    }
}
