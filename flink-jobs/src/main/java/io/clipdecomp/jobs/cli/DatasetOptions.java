package io.clipdecomp.jobs.cli;

import io.clipdecomp.connectors.dataset.DatasetSpec;
import io.clipdecomp.core.data.DatasetFactory;
import io.clipdecomp.core.data.ShapesDataset;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags choosing a dataset: its kind, where it is, and the kind's own options. */
public final class DatasetOptions {

    @Option(names = "--dataset", defaultValue = "folder",
            description = "folder (ImageFolder), imagenet, binary_waterbirds, npy or shapes (generated scenes, "
                    + "no --data-path) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-path", paramLabel = "PATH", description = "Dataset root folder or .npy file.")
    Path dataPath;

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "binary_waterbirds split: train, val or test (default: test).")
    String split;

    @Option(names = "--count", paramLabel = "N", description = "shapes: number of generated scenes (default: 1000).")
    Integer count;

    @Option(names = "--seed", paramLabel = "S", description = "shapes: seed of the generated scenes (default: 0).")
    Long seed;

    @Option(names = "--limit", paramLabel = "K", description = "Only the first K images.")
    Integer limit;

    /** The dataset these flags name, checked: a data path where the kind reads files, options it takes. */
    DatasetSpec spec() {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be 1 or more, got " + limit);
        }
        if (dataPath == null && DatasetFactory.readsDataPath(dataset)) {
            throw new IllegalArgumentException("--data-path is required for dataset '" + dataset + "'");
        }
        Map<String, String> options = new HashMap<>();
        if (dataset.equals("binary_waterbirds")) {
            options.put("split", split == null ? "test" : split);
        } else if (split != null) {
            throw new IllegalArgumentException("--split is for --dataset binary_waterbirds, not '" + dataset + "'");
        }
        if (dataset.equals(ShapesDataset.NAME)) {
            if (count != null) {
                options.put("count", count.toString());
            }
            if (seed != null) {
                options.put("seed", seed.toString());
            }
        } else if (count != null || seed != null) {
            throw new IllegalArgumentException("--count and --seed are for --dataset shapes, not '" + dataset + "'");
        }
        return new DatasetSpec(dataset, dataPath == null ? null : dataPath.toAbsolutePath().toString(), options);
    }

    /** The number of images to take: --limit, or all. */
    int limit() {
        return limit == null ? Integer.MAX_VALUE : limit;
    }
}
