package io.clipdecomp.connectors.dataset;

import io.clipdecomp.core.data.DatasetFactory;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.preprocess.ImageLimits;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which dataset to read, as plain serialisable settings: each Flink subtask opens its own copy.
 *
 * @param name the dataset kind ({@code folder}, {@code imagenet}, {@code binary_waterbirds}, {@code npy}, ...)
 * @param path its root folder or file, or null for datasets that need none
 * @param options the kind's options (e.g. split, count, seed)
 * @param maxImageBytes image files over this many bytes are refused when read (dead-lettered, not read)
 */
public record DatasetSpec(String name, String path, Map<String, String> options, long maxImageBytes)
        implements Serializable {

    public DatasetSpec {
        options = new TreeMap<>(options == null ? Map.of() : options);
        ImageLimits.checkMaxBytes(maxImageBytes);
    }

    /** A dataset whose image files may be up to {@link ImageLimits#DEFAULT_MAX_BYTES}. */
    public DatasetSpec(String name, String path, Map<String, String> options) {
        this(name, path, options, ImageLimits.DEFAULT_MAX_BYTES);
    }

    /** This dataset with image files of up to {@code bytes} bytes. */
    public DatasetSpec withMaxImageBytes(long bytes) {
        return new DatasetSpec(name, path, options, bytes);
    }

    /** Opens the dataset. */
    public ImageDataset open() throws IOException {
        return DatasetFactory.open(name, path == null ? null : Path.of(path), options, maxImageBytes);
    }
}
