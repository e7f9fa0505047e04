package io.clipdecomp.core.decompose;

import io.clipdecomp.core.io.NpyDtype;
import io.clipdecomp.core.io.NpyWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The seed-compatible output files of a decomposition (compute_prs.py's names and shapes), written row by
 * row at each image's index so memory does not grow with the dataset and parallel writers can share them:
 * {@code {dataset}_attn_{model}.npy} [K,L,H,d], {@code _mlp_} [K,L+1,d], {@code _cls_attn_} [K,L,d],
 * {@code _embeddings_} [K,d], {@code _labels_} int64 [K] (or [K,2,1] for two-value labels), and with
 * per-token terms {@code _attn_spatial_} [K,L,N,H,d].
 */
public final class DecompositionFiles implements Closeable {
    private final NpyWriter attn;
    private final NpyWriter mlp;
    private final NpyWriter clsAttn;
    private final NpyWriter embeddings;
    private final NpyWriter labels;
    private final NpyWriter spatial;
    private final List<NpyWriter> all = new ArrayList<>();
    private final int labelWidth;

    /**
     * Creates the files for {@code rows} images.
     *
     * @param labelWidth values per label: 1, or 2 for binary_waterbirds (y, place)
     * @param perToken also the per-token file
     */
    public DecompositionFiles(Path dir, String dataset, String model, long rows, DecompositionShape shape,
                              int labelWidth, boolean perToken) throws IOException {
        int layers = shape.layers();
        int d = shape.dim();
        this.labelWidth = labelWidth;
        try {
            attn = open(dir, dataset, "attn", model, NpyDtype.FLOAT32, rows, layers, shape.heads(), d);
            mlp = open(dir, dataset, "mlp", model, NpyDtype.FLOAT32, rows, layers + 1, d);
            clsAttn = open(dir, dataset, "cls_attn", model, NpyDtype.FLOAT32, rows, layers, d);
            embeddings = open(dir, dataset, "embeddings", model, NpyDtype.FLOAT32, rows, d);
            labels = labelWidth == 1 ? open(dir, dataset, "labels", model, NpyDtype.INT64, rows)
                    : open(dir, dataset, "labels", model, NpyDtype.INT64, rows, labelWidth, 1);
            spatial = perToken ? open(dir, dataset, "attn_spatial", model, NpyDtype.FLOAT32, rows, layers,
                    shape.tokens(), shape.heads(), d) : null;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The path of output {@code kind} ("attn", "mlp", ...) for a dataset and model. */
    public static Path path(Path dir, String dataset, String kind, String model) {
        return dir.resolve(dataset + "_" + kind + "_" + model + ".npy");
    }

    private NpyWriter open(Path dir, String dataset, String kind, String model, NpyDtype dtype, long... shape)
            throws IOException {
        NpyWriter w = NpyWriter.create(path(dir, dataset, kind, model), dtype, shape);
        all.add(w);
        return w;
    }

    /** Writes image {@code row}'s terms and label. */
    public void write(long row, ImageDecomposition r, long[] label) throws IOException {
        if (label.length != labelWidth) {
            throw new IllegalArgumentException("label of row " + row + " has " + label.length + " values, expected "
                    + labelWidth);
        }
        attn.writeRow(row, r.headTerms());
        mlp.writeRow(row, r.mlpTerms());
        clsAttn.writeRow(row, r.clsAttn());
        embeddings.writeRow(row, r.embedding());
        labels.writeRow(row, label);
        if (spatial != null) {
            if (r.spatial() == null) {
                throw new IllegalArgumentException("row " + row + " has no per-token terms");
            }
            spatial.writeRow(row, r.spatial());
        }
    }

    /**
     * Closes the gaps left by images that were never written: the rows present keep their order and move
     * up to consecutive positions, and every file ends after the last of them.
     *
     * @param present which rows were written
     * @return the number of rows now in the files
     */
    public long compact(BitSet present) throws IOException {
        long target = 0;
        for (int row = present.nextSetBit(0); row >= 0; row = present.nextSetBit(row + 1)) {
            if (row != target) {
                for (NpyWriter w : all) {
                    w.moveRow(row, target);
                }
            }
            target++;
        }
        for (NpyWriter w : all) {
            w.truncateRows(target);
        }
        return target;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (NpyWriter w : all) {
            try {
                w.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
