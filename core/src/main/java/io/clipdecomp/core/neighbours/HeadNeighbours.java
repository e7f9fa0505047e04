package io.clipdecomp.core.neighbours;

import io.clipdecomp.core.analysis.DecompositionChunk;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.TermShape;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The images whose contribution through one head (l, h) is most like a query image's (nns.ipynb): image i scores
 * {@code s_i = <c_i[l,h], q[l,h]>}, the raw dot product of the token-summed per-head terms (as {@code decompose}'s
 * [K,L,H,d] attn: through ln_post and the projection, each divided by its own image's embedding norm), not a
 * cosine. Images are offered once each, in any order; the K best are kept in a {@link TopScores} heap.
 * Products are summed in double.
 */
public final class HeadNeighbours {
    private final TermShape shape;
    private final int layer;
    private final int head;
    private final float[] query;
    private final TopScores top;
    private long offered;

    /**
     * @param queryTerms the query image's per-head terms [L, H, d]
     * @param k how many neighbours to keep
     */
    public HeadNeighbours(TermShape shape, int layer, int head, float[] queryTerms, int k) {
        if (layer < 0 || layer >= shape.layers() || head < 0 || head >= shape.heads()) {
            throw new IllegalArgumentException("head " + layer + "." + head + " does not exist: layers are 0.."
                    + (shape.layers() - 1) + " and heads 0.." + (shape.heads() - 1));
        }
        if (queryTerms.length != shape.headLength()) {
            throw new IllegalArgumentException("the query's per-head terms hold " + queryTerms.length
                    + " values; [L, H, d] = " + shape.headLength() + " expected");
        }
        this.shape = shape;
        this.layer = layer;
        this.head = head;
        int from = shape.headOffset(layer, head);
        this.query = Arrays.copyOfRange(queryTerms, from, from + shape.dim());
        this.top = new TopScores(k);
    }

    /** Offers the rows of {@code rows}, or their first {@code limit}, in one pass of chunks. */
    public void offer(DecompositionRows rows, long limit) throws IOException {
        long end = Math.min(rows.rows(), limit);
        int step = rows.chunkRows();
        for (long first = 0; first < end; first += step) {
            offer(rows.read(first, (int) Math.min(step, end - first)));
        }
    }

    /** The query's own (l, h) contribution [d]. */
    public float[] query() {
        return query.clone();
    }

    /** The score of the image whose per-head terms [L, H, d] start at {@code from} in {@code terms}. */
    public double score(float[] terms, int from) {
        int at = from + shape.headOffset(layer, head);
        double sum = 0;
        for (int j = 0; j < query.length; j++) {
            sum += (double) terms[at + j] * query[j];
        }
        return sum;
    }

    /** Offers image {@code index}, whose per-head terms [L, H, d] start at {@code from} in {@code terms}. */
    public void offer(long index, float[] terms, int from) {
        top.offer(index, score(terms, from));
        offered++;
    }

    /** Offers every row of a chunk. */
    public void offer(DecompositionChunk chunk) {
        for (int i = 0; i < chunk.count(); i++) {
            offer(chunk.first() + i, chunk.heads(), i * shape.headLength());
        }
    }

    /** How many images have been offered. */
    public long offered() {
        return offered;
    }

    /** The best images so far, highest score first. */
    public List<Neighbour> ranked() {
        return top.ranked();
    }
}
