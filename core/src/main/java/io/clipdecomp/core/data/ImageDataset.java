package io.clipdecomp.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A finite list of images in a fixed order; item i is row i of every output. Listing happens when the
 * dataset is opened, and an item's bytes are read when {@link #item(int)} is called.
 */
public interface ImageDataset extends Closeable {
    /** The name used in output file names, e.g. "folder", "imagenet", "binary_waterbirds", "npy". */
    String name();

    /** Number of items. */
    int size();

    /** Item {@code index}, reading its file now; an unreadable file gives an IOException naming it. */
    DatasetItem item(int index) throws IOException;

    /** The id item {@code index} has, known without reading its file (so an unreadable item can be named). */
    default String itemId(int index) {
        return name() + "#" + index;
    }

    /** Values per label: 1, or 2 for binary_waterbirds ({y, place}). */
    int labelWidth();

    /** Names of the classes by label value where known, else empty. */
    List<String> classNames();

    /** Releases open files; datasets that hold none need not override this. */
    @Override
    default void close() throws IOException {
    }
}
