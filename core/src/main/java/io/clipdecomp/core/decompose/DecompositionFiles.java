package io.clipdecomp.core.decompose;

import io.clipdecomp.core.io.NpyDtype;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.VisionConfig;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    public DecompositionFiles(Path dir, String dataset, String model, long rows, ClipConfig config, int labelWidth,
                              boolean perToken) throws IOException {
        VisionConfig v = config.vision();
        int d = config.embedDim();
        this.labelWidth = labelWidth;
        try {
            attn = open(dir, dataset, "attn", model, NpyDtype.FLOAT32, rows, v.layers(), v.heads(), d);
            mlp = open(dir, dataset, "mlp", model, NpyDtype.FLOAT32, rows, v.layers() + 1, d);
            clsAttn = open(dir, dataset, "cls_attn", model, NpyDtype.FLOAT32, rows, v.layers(), d);
            embeddings = open(dir, dataset, "embeddings", model, NpyDtype.FLOAT32, rows, d);
            labels = labelWidth == 1 ? open(dir, dataset, "labels", model, NpyDtype.INT64, rows)
                    : open(dir, dataset, "labels", model, NpyDtype.INT64, rows, labelWidth, 1);
            spatial = perToken ? open(dir, dataset, "attn_spatial", model, NpyDtype.FLOAT32, rows, v.layers(),
                    v.tokens(), v.heads(), d) : null;
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

    /** Ends every file at {@code rows} rows, for runs that left bad images out. */
    public void truncate(long rows) throws IOException {
        for (NpyWriter w : all) {
            w.truncateRows(rows);
        }
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
