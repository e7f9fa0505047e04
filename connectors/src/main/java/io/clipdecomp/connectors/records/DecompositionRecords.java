package io.clipdecomp.connectors.records;

import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.schemas.FloatTensor;
import io.clipdecomp.schemas.FloatTensors;
import java.time.Instant;
import java.util.List;

/** Packs a core {@link ImageDecomposition} into its Avro record and back. */
public final class DecompositionRecords {
    private DecompositionRecords() {
    }

    /**
     * The Avro record of one image's decomposition.
     *
     * @param withTokenTerms also carry the per-token terms, if computed (for in-job file outputs only)
     */
    public static io.clipdecomp.schemas.ImageDecomposition toAvro(ImageDecomposition d, String id, long index,
            String model, String dataset, List<Long> label, Instant eventTime, long processingMillis,
            boolean withTokenTerms) {
        int l = d.layers();
        int h = d.heads();
        int n = d.tokens();
        int dim = d.dim();
        return io.clipdecomp.schemas.ImageDecomposition.newBuilder()
                .setId(id).setIndex(index).setModel(model).setDataset(dataset).setLabel(label)
                .setEmbedding(FloatTensors.pack(d.embedding(), dim))
                .setEmbeddingNorm(d.embeddingNorm())
                .setHeads(FloatTensors.pack(d.headTerms(), l, h, dim))
                .setMlps(FloatTensors.pack(d.mlpTerms(), l + 1, dim))
                .setClsAttn(FloatTensors.pack(d.clsAttn(), l, dim))
                .setTokenTerms(withTokenTerms && d.spatial() != null ? FloatTensors.pack(d.spatial(), l, n, h, dim) : null)
                .setPatchScores(d.patchScores() == null ? null : FloatTensors.pack(d.patchScores(), l, n, h, d.texts()))
                .setEventTime(eventTime).setProcessingMillis(processingMillis).build();
    }

    /** The core decomposition a record carries (per-token terms and scores only if the record has them). */
    public static ImageDecomposition toCore(io.clipdecomp.schemas.ImageDecomposition r) {
        int[] heads = FloatTensors.shape(r.getHeads());
        FloatTensor tokens = r.getTokenTerms();
        FloatTensor scores = r.getPatchScores();
        int n = tokens != null ? FloatTensors.shape(tokens)[1] : scores != null ? FloatTensors.shape(scores)[1] : 0;
        int texts = scores != null ? FloatTensors.shape(scores)[3] : 0;
        return new ImageDecomposition(heads[0], heads[1], n, heads[2], FloatTensors.unpack(r.getEmbedding()),
                r.getEmbeddingNorm(), FloatTensors.unpack(r.getHeads()), FloatTensors.unpack(r.getMlps()),
                FloatTensors.unpack(r.getClsAttn()), tokens == null ? null : FloatTensors.unpack(tokens),
                scores == null ? null : FloatTensors.unpack(scores), texts, null);
    }

    /** The label of a record as a primitive array. */
    public static long[] label(List<Long> label) {
        long[] out = new long[label.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = label.get(i);
        }
        return out;
    }
}
