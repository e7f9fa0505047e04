package io.clipdecomp.core.segment;

import java.io.Closeable;
import java.io.IOException;

/** Images with foreground masks in a fixed order; sample i is read when asked for. */
public interface SegmentationDataset extends Closeable {
    /** The name used in output file names: imagenet_seg or segfolder. */
    String name();

    /** Number of samples. */
    int size();

    /** A name for sample {@code index} known without reading it, so an unreadable sample can be named. */
    String sampleId(int index);

    /** Sample {@code index}; an unreadable or inconsistent one gives an IOException naming it and why. */
    SegmentationSample sample(int index) throws IOException;

    /** Releases open files; datasets that hold none need not override this. */
    @Override
    default void close() throws IOException {
    }
}
