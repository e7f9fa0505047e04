package io.clipdecomp.connectors.files;

import io.clipdecomp.schemas.FloatTensor;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The writer of a {@link NpyRowSink}: owns its five files and writes each record's arrays at its row. */
final class NpyRowWriter implements SinkWriter<ImageDecomposition> {

    private static final Logger LOG = LoggerFactory.getLogger(NpyRowWriter.class);

    private final NpyRowSink sink;
    private final RowWriter attn;
    private final RowWriter mlp;
    private final RowWriter clsAttn;
    private final RowWriter embeddings;
    private final RowWriter labels;
    private final int labelCount;
    private final BitSet written = new BitSet();

    NpyRowWriter(NpyRowSink sink, RowWriterFactory factory) throws IOException {
        this.sink = sink;
        long k = sink.rows();
        Files.createDirectories(sink.attnFile().toAbsolutePath().getParent());
        List<RowWriter> opened = new ArrayList<>();
        try {
            attn = open(opened, factory, sink.attnFile(), RowElementType.FLOAT32, k, sink.headsShape());
            mlp = open(opened, factory, sink.mlpFile(), RowElementType.FLOAT32, k, sink.mlpsShape());
            clsAttn = open(opened, factory, sink.clsAttnFile(), RowElementType.FLOAT32, k, sink.clsAttnShape());
            embeddings = open(opened, factory, sink.embeddingsFile(), RowElementType.FLOAT32, k, sink.embeddingShape());
            labels = open(opened, factory, sink.labelsFile(), RowElementType.INT64, k, sink.labelShape());
        } catch (IOException | RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
        this.labelCount = FloatTensors.elementCount(sink.labelShape());
    }

    @Override
    public void write(ImageDecomposition d, Context context) throws IOException {
        long index = d.getIndex();
        if (index < 0 || index >= sink.rows()) {
            throw new IllegalArgumentException("decomposition of " + d.getId() + " has row index " + index
                    + ", outside the " + sink.rows() + " rows of the .npy files of " + sink.describe());
        }
        attn.writeRow(index, rowOf(d, "heads", d.getHeads(), sink.headsShape()));
        mlp.writeRow(index, rowOf(d, "mlps", d.getMlps(), sink.mlpsShape()));
        clsAttn.writeRow(index, rowOf(d, "clsAttn", d.getClsAttn(), sink.clsAttnShape()));
        embeddings.writeRow(index, rowOf(d, "embedding", d.getEmbedding(), sink.embeddingShape()));
        labels.writeRow(index, labelRow(d));
        written.set((int) index);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (!endOfInput) {
            return;
        }
        long missing = sink.rows() - written.cardinality();
        if (missing == 0) {
            return;
        }
        LOG.warn("{} of {} rows of the .npy files of {} never arrived (inputs dead-lettered?); writing them as "
                + "zeros with label -1", missing, sink.rows(), sink.describe());
        // complete files: a reader (and a writer that checks completeness on close) sees every row written
        float[] noHeads = new float[FloatTensors.elementCount(sink.headsShape())];
        float[] noMlps = new float[FloatTensors.elementCount(sink.mlpsShape())];
        float[] noClsAttn = new float[FloatTensors.elementCount(sink.clsAttnShape())];
        float[] noEmbedding = new float[FloatTensors.elementCount(sink.embeddingShape())];
        long[] noLabel = new long[labelCount];
        Arrays.fill(noLabel, -1L);
        for (int i = written.nextClearBit(0); i < sink.rows(); i = written.nextClearBit(i + 1)) {
            attn.writeRow(i, noHeads);
            mlp.writeRow(i, noMlps);
            clsAttn.writeRow(i, noClsAttn);
            embeddings.writeRow(i, noEmbedding);
            labels.writeRow(i, noLabel);
            written.set(i);
        }
    }

    @Override
    public void close() throws IOException {
        closeAll(List.of(attn, mlp, clsAttn, embeddings, labels), null);
    }

    private float[] rowOf(ImageDecomposition d, String field, FloatTensor tensor, int[] expected) {
        int[] shape = FloatTensors.shape(tensor);
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException("decomposition of " + d.getId() + " has " + field + " of shape "
                    + Arrays.toString(shape) + ", but the .npy files of " + sink.describe() + " expect "
                    + Arrays.toString(expected));
        }
        return FloatTensors.unpack(tensor);
    }

    private long[] labelRow(ImageDecomposition d) {
        long[] row = new long[labelCount];
        List<Long> label = d.getLabel();
        if (label.isEmpty()) {
            Arrays.fill(row, -1L);
            return row;
        }
        if (label.size() != labelCount) {
            throw new IllegalArgumentException("decomposition of " + d.getId() + " has " + label.size()
                    + " labels, but the labels file of " + sink.describe() + " holds " + labelCount + " per row");
        }
        for (int i = 0; i < labelCount; i++) {
            row[i] = label.get(i);
        }
        return row;
    }

    private static RowWriter open(List<RowWriter> opened, RowWriterFactory factory, Path file, RowElementType type,
            long rows, int[] rowShape) throws IOException {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = rows;
        for (int i = 0; i < rowShape.length; i++) {
            shape[i + 1] = rowShape[i];
        }
        RowWriter w = factory.create(file, type, shape);
        opened.add(w);
        return w;
    }

    private static void closeAll(List<RowWriter> writers, Exception primary) throws IOException {
        IOException failure = null;
        for (RowWriter w : writers) {
            try {
                w.close();
            } catch (IOException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
