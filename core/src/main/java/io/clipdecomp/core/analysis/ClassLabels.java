package io.clipdecomp.core.analysis;

import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.io.NpyReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The class label of each row of a decomposition, read row by row: from {@code {dataset}_labels_{model}.npy}
 * (what {@code decompose} writes) or else {@code {dataset}_labels.npy} (the original scripts' name), int64 [K] or
 * [K, 2, 1] (then column 0, Waterbirds' y); or, in ImageNet-val order, {@code i // 50}.
 */
public final class ClassLabels implements Closeable {
    /** Images per class in the sorted ImageNet validation set. */
    public static final int IMAGENET_IMAGES_PER_CLASS = 50;

    private final NpyReader file;

    private ClassLabels(NpyReader file) {
        this.file = file;
    }

    /** Labels {@code i // 50}, the order of ImageNet's validation set read class folder by class folder. */
    public static ClassLabels imagenetOrder() {
        return new ClassLabels(null);
    }

    /** Opens the labels file of {@code dataset} and {@code model} in {@code dir}, which must have {@code rows} rows. */
    public static ClassLabels open(Path dir, String dataset, String model, long rows) throws IOException {
        Path ours = DecompositionFiles.path(dir, dataset, "labels", model);
        Path original = dir.resolve(dataset + "_labels.npy");
        Path p = Files.isRegularFile(ours) ? ours : original;
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(ours.toString(), null, "not found, nor " + original.getFileName()
                    + "; give the labels, or --imagenet-order for labels i // 50");
        }
        NpyReader reader = NpyReader.open(p);
        try {
            long[] shape = reader.shape();
            boolean flat = shape.length == 1;
            boolean pairs = shape.length == 3 && shape[1] == 2 && shape[2] == 1;
            if (!(flat || pairs) || reader.dtype().isFloating()) {
                throw new IllegalArgumentException(p + " holds " + reader.dtype().descr() + " " + Arrays.toString(shape)
                        + "; expected integer labels [K] or [K, 2, 1]");
            }
            if (shape[0] != rows) {
                throw new IllegalArgumentException(p + " has " + shape[0] + " labels for " + rows + " rows");
            }
            return new ClassLabels(reader);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The label of row {@code row}. */
    public long label(long row) throws IOException {
        return file == null ? row / IMAGENET_IMAGES_PER_CLASS : file.readLongRow(row)[0];
    }

    /** The labels of {@code count} rows from {@code first}. */
    public long[] labels(long first, int count) throws IOException {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = label(first + i);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
