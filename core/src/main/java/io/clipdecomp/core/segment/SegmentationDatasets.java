package io.clipdecomp.core.segment;

import io.clipdecomp.core.preprocess.ImageLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Opens a segmentation dataset by the name given on the command line. */
public final class SegmentationDatasets {
    /** The names {@link #open} knows. */
    public static final List<String> NAMES = List.of(GtSegsMatDataset.NAME, SegmentationFolderDataset.NAME);

    private SegmentationDatasets() {
    }

    /**
     * Opens {@code name} at {@code path}: imagenet_seg reads a gtsegs_ijcv.mat file, segfolder a folder with
     * images/ and masks/.
     */
    public static SegmentationDataset open(String name, Path path, ImageLimits limits) throws IOException {
        if (name.equals(GtSegsMatDataset.NAME)) {
            return new GtSegsMatDataset(path, limits.maxPixels());
        }
        if (name.equals(SegmentationFolderDataset.NAME)) {
            return new SegmentationFolderDataset(path, limits);
        }
        throw new IllegalArgumentException("unknown segmentation dataset '" + name + "'; known: "
                + String.join(", ", NAMES));
    }
}
