package io.clipdecomp.core.spurious;

import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.io.NpyReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The (y, place) pair of each row of a Waterbirds-style decomposition, read row by row from
 * {@code {dataset}_labels_{model}.npy} (what {@code decompose} writes) or else {@code {dataset}_labels.npy} (the
 * original's name): int64 [K, 2, 1], {@code [:, 0, 0]} the class y, {@code [:, 1, 0]} the place (0 land, 1 water).
 * Both must be 0 or 1: the original's groups are the four (y, place) pairs.
 */
public final class GroupLabels implements Closeable {
    private final NpyReader file;

    private GroupLabels(NpyReader file) {
        this.file = file;
    }

    /** Opens the labels of {@code dataset} and {@code model} in {@code dir}, which must have {@code rows} rows. */
    public static GroupLabels open(Path dir, String dataset, String model, long rows) throws IOException {
        Path ours = DecompositionFiles.path(dir, dataset, "labels", model);
        Path original = dir.resolve(dataset + "_labels.npy");
        Path p = Files.isRegularFile(ours) ? ours : original;
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(ours.toString(), null, "not found, nor " + original.getFileName()
                    + "; the spurious-cue analysis needs (y, place) labels [K, 2, 1], as `decompose --dataset "
                    + "binary_waterbirds` writes them");
        }
        NpyReader reader = NpyReader.open(p);
        try {
            long[] shape = reader.shape();
            if (!(shape.length == 3 && shape[1] == 2 && shape[2] == 1) || reader.dtype().isFloating()) {
                throw new IllegalArgumentException(p + " holds " + reader.dtype().descr() + " " + Arrays.toString(shape)
                        + "; expected integer (y, place) labels [K, 2, 1]");
            }
            if (shape[0] != rows) {
                throw new IllegalArgumentException(p + " has " + shape[0] + " labels for " + rows + " rows");
            }
            return new GroupLabels(reader);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * The groups {@code 2 y + place} of {@code count} rows from {@code first}, in {@link GroupAccuracies}' order.
     *
     * @throws IllegalArgumentException naming the row if a y or place is not 0 or 1
     */
    public int[] groups(long first, int count) throws IOException {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            long[] yPlace = file.readLongRow(first + i);
            long y = yPlace[0];
            long place = yPlace[1];
            if ((y != 0 && y != 1) || (place != 0 && place != 1)) {
                throw new IllegalArgumentException(file.file() + " row " + (first + i) + " has y " + y + " and place "
                        + place + "; both must be 0 or 1");
            }
            out[i] = (int) (2 * y + place);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
