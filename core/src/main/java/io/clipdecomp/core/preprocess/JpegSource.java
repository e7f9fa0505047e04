package io.clipdecomp.core.preprocess;

import io.clipdecomp.core.preprocess.jpeg.JpegDecoder;

/** JPEGs, by our own decoder, whose pixels are libjpeg-turbo's on any JVM (see {@link JpegDecoder}). */
final class JpegSource implements ImageSource {
    private final JpegDecoder jpeg;

    JpegSource(JpegDecoder jpeg) {
        this.jpeg = jpeg;
    }

    @Override
    public String format() {
        return "jpeg";
    }

    @Override
    public int width() {
        return jpeg.width();
    }

    @Override
    public int height() {
        return jpeg.height();
    }

    /** Whether the JPEG is decoded in one pass, its first scan holding every component. */
    boolean singlePass() {
        return jpeg.singlePass();
    }

    @Override
    public long decodeBytes() {
        return jpeg.decodeBytes();
    }

    @Override
    public void decode(ImageSink sink) throws ImageDecodeException {
        sink.begin(jpeg.width(), jpeg.height(), jpeg.mode(), null);
        jpeg.decode(sink, sink.window());
    }

    @Override
    public void close() {
        // nothing is held beyond the encoded bytes
    }
}
