package io.clipdecomp.core.data;

import io.clipdecomp.core.preprocess.ImageLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ImageNet validation set as torchvision's {@code ImageNet(root, split='val')} lists it:
 * {@code root/val/<wnid>/*.JPEG} (or {@code root/<wnid>/...} when root holds the wnid folders itself), wnids
 * sorted, label = wnid position. The 1000 classes of ILSVRC are expected but not required.
 */
public final class ImageNetValDataset implements ImageDataset {
    /** The name of this dataset in output files. */
    public static final String NAME = "imagenet";

    private final ImageFolderDataset folder;

    /** Lists {@code root/val}, or {@code root} if it has no {@code val} folder. */
    public ImageNetValDataset(Path root) throws IOException {
        this(root, ImageLimits.DEFAULT_MAX_BYTES);
    }

    /** As {@link #ImageNetValDataset(Path)}, refusing image files over {@code maxImageBytes} when read. */
    public ImageNetValDataset(Path root, long maxImageBytes) throws IOException {
        Path val = root.resolve("val");
        this.folder = new ImageFolderDataset(Files.isDirectory(val) ? val : root, NAME, maxImageBytes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return folder.size();
    }

    @Override
    public DatasetItem item(int index) throws IOException {
        return folder.item(index);
    }

    @Override
    public String itemId(int index) {
        return folder.itemId(index);
    }

    @Override
    public int labelWidth() {
        return 1;
    }

    /** The wnids (e.g. n01440764), in label order; readable names are the zero-shot classifier's business. */
    @Override
    public List<String> classNames() {
        return folder.classNames();
    }
}
