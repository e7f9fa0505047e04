package io.clipdecomp.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a dataset by the name given on the command line ({@code --dataset}). Each kind declares the
 * options it takes; a new kind (e.g. "shapes") is one more entry in {@code kinds()}.
 */
public final class DatasetFactory {
    /** Opens one kind of dataset from its data path and options. */
    @FunctionalInterface
    private interface Opener {
        ImageDataset open(Path dataPath, Map<String, String> options) throws IOException;
    }

    private record Kind(Set<String> options, Opener opener) {
    }

    private static final Map<String, Kind> KINDS = kinds();

    private DatasetFactory() {
    }

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put(ImageFolderDataset.DEFAULT_NAME, new Kind(Set.of("name"), (path, options) ->
                new ImageFolderDataset(path, options.getOrDefault("name", ImageFolderDataset.DEFAULT_NAME))));
        kinds.put(ImageNetValDataset.NAME, new Kind(Set.of(), (path, options) -> new ImageNetValDataset(path)));
        kinds.put(WaterbirdsDataset.NAME, new Kind(Set.of("split"), (path, options) ->
                new WaterbirdsDataset(path, options.getOrDefault("split", WaterbirdsDataset.DEFAULT_SPLIT))));
        kinds.put(NpyPixelDataset.NAME, new Kind(Set.of(), (path, options) -> new NpyPixelDataset(path)));
        return Collections.unmodifiableMap(kinds);
    }

    /** The dataset names {@link #open} knows. */
    public static Set<String> names() {
        return KINDS.keySet();
    }

    /**
     * Opens dataset {@code datasetName} at {@code dataPath}. Options: folder takes "name" (used in output
     * file names), binary_waterbirds takes "split" (train, val or test; default test).
     */
    public static ImageDataset open(String datasetName, Path dataPath, Map<String, String> options)
            throws IOException {
        Kind kind = KINDS.get(datasetName);
        if (kind == null) {
            throw new IllegalArgumentException("unknown dataset '" + datasetName + "'; known datasets: "
                    + String.join(", ", KINDS.keySet()));
        }
        Map<String, String> given = options == null ? Map.of() : options;
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(kind.options());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + datasetName + "' does not take the options " + unknown
                    + (kind.options().isEmpty() ? "; it takes none" : "; it takes " + new TreeSet<>(kind.options())));
        }
        if (dataPath == null) {
            throw new IllegalArgumentException("dataset '" + datasetName + "' needs a data path");
        }
        return kind.opener().open(dataPath, given);
    }
}
