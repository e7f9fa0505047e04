package io.clipdecomp.core.preprocess;

/** A decoder for one encoded image whose header has been read: what {@link OpenImage} decodes with. */
interface ImageSource {
    /** The format's name, lower case (jpeg, png, ...). */
    String format();

    int width();

    int height();

    /** Heap that {@link #decode} may hold at its peak, at most. */
    long decodeBytes();

    /** Decodes the pixels (the first frame of an animation) into {@code sink}. */
    void decode(ImageSink sink) throws Exception;

    /** Releases the decoder. */
    void close() throws ImageDecodeException;
}
