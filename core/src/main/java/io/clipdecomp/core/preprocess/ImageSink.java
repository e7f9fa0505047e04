package io.clipdecomp.core.preprocess;

/** A {@link RowSink} that is told the image's size and mode before its first row. */
interface ImageSink extends RowSink {
    /** Called once, before row 0; {@code palette} is the colours of a {@link ImageMode#P} image, else null. */
    void begin(int width, int height, ImageMode mode, int[] palette) throws ImageDecodeException;

    /**
     * Once begun, the samples this sink reads; a decoder may hand over only the rows of the window, in order, and
     * leave the samples outside its columns undefined.
     */
    SampleWindow window();
}
