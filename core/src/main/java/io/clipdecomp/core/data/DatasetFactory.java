package io.clipdecomp.core.data;

import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.shapes.SceneGenerator;
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
    /** Opens one kind of dataset from its data path, options and image byte limit. */
    @FunctionalInterface
    private interface Opener {
        ImageDataset open(Path dataPath, Map<String, String> options, long maxImageBytes) throws IOException;
    }

    /** A kind of dataset: the options it takes, whether it reads a data path, and how it opens. */
    private record Kind(Set<String> options, boolean readsPath, Opener opener) {
    }

    private static final Map<String, Kind> KINDS = kinds();

    private DatasetFactory() {
    }

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put(ImageFolderDataset.DEFAULT_NAME, new Kind(Set.of("name"), true, (path, options, maxBytes) ->
                new ImageFolderDataset(path, options.getOrDefault("name", ImageFolderDataset.DEFAULT_NAME), maxBytes)));
        kinds.put(ImageNetValDataset.NAME, new Kind(Set.of(), true, (path, options, maxBytes) ->
                new ImageNetValDataset(path, maxBytes)));
        kinds.put(WaterbirdsDataset.NAME, new Kind(Set.of("split"), true, (path, options, maxBytes) ->
                new WaterbirdsDataset(path, options.getOrDefault("split", WaterbirdsDataset.DEFAULT_SPLIT), maxBytes)));
        // npy rows have the size the header fixes, and shapes are generated: no image files to limit
        kinds.put(NpyPixelDataset.NAME, new Kind(Set.of(), true, (path, options, maxBytes) -> new NpyPixelDataset(path)));
        kinds.put(ShapesDataset.NAME, new Kind(Set.of("count", "seed", "canvas"), false, (path, options, maxBytes) ->
                new ShapesDataset(intOption(options, "count", ShapesDataset.DEFAULT_COUNT),
                        longOption(options, "seed", ShapesDataset.DEFAULT_SEED),
                        intOption(options, "canvas", SceneGenerator.DEFAULT_CANVAS))));
        return Collections.unmodifiableMap(kinds);
    }

    private static int intOption(Map<String, String> options, String key, int dflt) {
        long value = longOption(options, key, dflt);
        if (value != (int) value) {
            throw new IllegalArgumentException("dataset option " + key + " is out of range: " + value);
        }
        return (int) value;
    }

    private static long longOption(Map<String, String> options, String key, long dflt) {
        String text = options.get(key);
        if (text == null) {
            return dflt;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dataset option " + key + " must be an integer, got '" + text + "'");
        }
    }

    /** The dataset names {@link #open} knows. */
    public static Set<String> names() {
        return KINDS.keySet();
    }

    /** Whether dataset {@code datasetName} is read from a data path (all but the generated "shapes"). */
    public static boolean readsDataPath(String datasetName) {
        return kind(datasetName).readsPath();
    }

    /**
     * Opens dataset {@code datasetName} at {@code dataPath} (null for datasets that read none). Options: folder
     * takes "name" (used in output file names), binary_waterbirds takes "split" (train, val or test; default
     * test), shapes takes "count", "seed" and "canvas" (integers; defaults 1000, 0 and 64).
     */
    public static ImageDataset open(String datasetName, Path dataPath, Map<String, String> options)
            throws IOException {
        return open(datasetName, dataPath, options, ImageLimits.DEFAULT_MAX_BYTES);
    }

    /** As {@link #open(String, Path, Map)}; image files over {@code maxImageBytes} are refused when read. */
    public static ImageDataset open(String datasetName, Path dataPath, Map<String, String> options,
                                    long maxImageBytes) throws IOException {
        Kind kind = kind(datasetName);
        Map<String, String> given = options == null ? Map.of() : options;
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(kind.options());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + datasetName + "' does not take the options " + unknown
                    + (kind.options().isEmpty() ? "; it takes none" : "; it takes " + new TreeSet<>(kind.options())));
        }
        if (dataPath == null && kind.readsPath()) {
            throw new IllegalArgumentException("dataset '" + datasetName + "' needs a data path");
        }
        if (dataPath != null && !kind.readsPath()) {
            throw new IllegalArgumentException("dataset '" + datasetName + "' is generated and reads no data path"
                    + " (got " + dataPath + ")");
        }
        return kind.opener().open(dataPath, given, maxImageBytes);
    }

    private static Kind kind(String datasetName) {
        Kind kind = KINDS.get(datasetName);
        if (kind == null) {
            throw new IllegalArgumentException("unknown dataset '" + datasetName + "'; known datasets: "
                    + String.join(", ", KINDS.keySet()));
        }
        return kind;
    }
}
