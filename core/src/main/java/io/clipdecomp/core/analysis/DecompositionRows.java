package io.clipdecomp.core.analysis;

import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.io.NpyReader;
import io.clipdecomp.core.io.RequiredFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A decomposition's seed-compatible files ({@code {dataset}_attn_{model}.npy} [K,L,H,d], {@code _mlp_} [K,L+1,d],
 * optionally {@code _cls_attn_} [K,L,d]) read in chunks of consecutive rows, so that memory does not grow with K.
 */
public final class DecompositionRows implements Closeable {
    /** Upper bound on the bytes of one chunk's terms. */
    private static final long CHUNK_BYTES = 32L << 20;

    private final NpyReader heads;
    private final NpyReader mlps;
    private final NpyReader clsAttn;
    private final TermShape shape;
    private final long rows;

    private DecompositionRows(NpyReader heads, NpyReader mlps, NpyReader clsAttn) {
        this.heads = heads;
        this.mlps = mlps;
        this.clsAttn = clsAttn;
        long[] h = heads.shape();
        if (h.length != 4) {
            throw new IllegalArgumentException(heads.file() + " has shape " + Arrays.toString(h) + "; expected [K, L, H, d]");
        }
        this.shape = new TermShape(Math.toIntExact(h[1]), Math.toIntExact(h[2]), Math.toIntExact(h[3]));
        this.rows = h[0];
        expect(mlps, rows, shape.layers() + 1, shape.dim());
        if (clsAttn != null) {
            expect(clsAttn, rows, shape.layers(), shape.dim());
        }
    }

    /**
     * Opens the files of {@code dataset} and {@code model} in {@code dir}.
     *
     * @param withClsAttn also the class-token terms
     */
    public static DecompositionRows open(Path dir, String dataset, String model, boolean withClsAttn) throws IOException {
        NpyReader h = null;
        NpyReader m = null;
        try {
            h = NpyReader.open(existing(dir, dataset, "attn", model));
            m = NpyReader.open(existing(dir, dataset, "mlp", model));
            NpyReader c = withClsAttn ? NpyReader.open(existing(dir, dataset, "cls_attn", model)) : null;
            return new DecompositionRows(h, m, c);
        } catch (IOException | RuntimeException e) {
            closeQuietly(h, e);
            closeQuietly(m, e);
            throw e;
        }
    }

    /** The file of output {@code kind}, which must exist. */
    private static Path existing(Path dir, String dataset, String kind, String model) throws NoSuchFileException {
        return RequiredFile.existing(DecompositionFiles.path(dir, dataset, kind, model), "`decompose --dataset "
                + dataset + "` writes it (or check --input-dir, --dataset and --model-name)");
    }

    /** The number of rows K. */
    public long rows() {
        return rows;
    }

    /** L, H and d. */
    public TermShape shape() {
        return shape;
    }

    /** Rows per chunk, so that one chunk's terms stay within a few tens of megabytes. */
    public int chunkRows() {
        long rowBytes = 4L * (shape.headLength() + shape.mlpLength() + (clsAttn != null ? shape.clsLength() : 0));
        return (int) Math.max(1, Math.min(4096, CHUNK_BYTES / rowBytes));
    }

    /** Reads rows {@code first .. first + count - 1}. */
    public DecompositionChunk read(long first, int count) throws IOException {
        return new DecompositionChunk(first, count, shape, heads.readFloatRows(first, count),
                mlps.readFloatRows(first, count), clsAttn != null ? clsAttn.readFloatRows(first, count) : null);
    }

    /** Calls {@code visitor} with every chunk in row order. */
    public void forEachChunk(ChunkVisitor visitor) throws IOException {
        int step = chunkRows();
        for (long first = 0; first < rows; first += step) {
            visitor.visit(read(first, (int) Math.min(step, rows - first)));
        }
    }

    /** Receives the chunks of a pass over the rows. */
    @FunctionalInterface
    public interface ChunkVisitor {
        void visit(DecompositionChunk chunk) throws IOException;
    }

    @Override
    public void close() throws IOException {
        try {
            heads.close();
        } finally {
            try {
                mlps.close();
            } finally {
                if (clsAttn != null) {
                    clsAttn.close();
                }
            }
        }
    }

    private static void expect(NpyReader reader, long... shape) {
        if (!Arrays.equals(reader.shape(), shape)) {
            throw new IllegalArgumentException(reader.file() + " has shape " + Arrays.toString(reader.shape())
                    + "; expected " + Arrays.toString(shape) + " to match the per-head file");
        }
    }

    private static void closeQuietly(NpyReader r, Exception primary) {
        if (r != null) {
            try {
                r.close();
            } catch (IOException e) {
                primary.addSuppressed(e);
            }
        }
    }
}
