package io.clipdecomp.connectors.files;

import io.clipdecomp.schemas.ImageDecomposition;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each {@link ImageDecomposition} at its row index into the seed's .npy files:
 * {@code {dataset}_attn_{model}.npy} [K,L,H,d], {@code {dataset}_mlp_{model}.npy} [K,L+1,d],
 * {@code {dataset}_cls_attn_{model}.npy} [K,L,d], {@code {dataset}_embeddings_{model}.npy} [K,d] (the
 * record's embedding, not normalised) and {@code {dataset}_labels_{model}.npy} [K, labelShape...] (int64;
 * -1 where a record has no labels).
 *
 * <p>For bounded inputs whose records carry their row index. It must run with parallelism 1 (one writer owns
 * the files) and in BATCH runtime mode: the writer creates the files afresh when it starts, which is right
 * when a failed attempt is re-run from the start, as BATCH failover does, and is refused when restoring from
 * a checkpoint. Rows of inputs that never arrive (dead-lettered) are written as zeros with label -1 at the end
 * of the input, so every file is complete; the writer logs how many.
 *
 * <pre>{@code
 * decompositions.sinkTo(NpyRowSink.builder()
 *         .setOutputDir(Path.of("output_dir")).setDataset("imagenet").setModel("ViT-B-16")
 *         .setRows(50_000).setGeometry(12, 12, 512)
 *         .setRowWriterFactory(factory)
 *         .build()).setParallelism(1);
 * }</pre>
 */
public final class NpyRowSink implements Sink<ImageDecomposition> {

    private static final long serialVersionUID = 1L;

    private final String outputDir;
    private final String dataset;
    private final String model;
    private final long rows;
    private final int layers;
    private final int heads;
    private final int width;
    private final int[] labelShape;
    private final RowWriterFactory factory;

    private NpyRowSink(Builder b) {
        this.outputDir = b.outputDir.toString();
        this.dataset = b.dataset;
        this.model = b.model;
        this.rows = b.rows;
        this.layers = b.layers;
        this.heads = b.heads;
        this.width = b.width;
        this.labelShape = b.labelShape.clone();
        this.factory = b.factory;
    }

    /** A builder; every {@code setX} is required, {@code optX} optional. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A writer that creates the files and writes rows into them.
     *
     * @throws IllegalStateException with parallelism above 1 or when restoring from a checkpoint
     */
    @Override
    public SinkWriter<ImageDecomposition> createWriter(WriterInitContext context) throws IOException {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IllegalStateException("the .npy sink for " + dataset + "/" + model
                    + " must run with parallelism 1 (one writer owns the files), not " + parallelism);
        }
        if (context.getRestoredCheckpointId().isPresent()) {
            throw new IllegalStateException("the .npy sink for " + dataset + "/" + model
                    + " cannot resume from checkpoint " + context.getRestoredCheckpointId().getAsLong()
                    + ": it writes bounded inputs in BATCH runtime mode; rerun the job");
        }
        return new NpyRowWriter(this, factory);
    }

    /** The attention-heads file, [K,L,H,d]. */
    public Path attnFile() {
        return file("attn");
    }

    /** The MLP file, [K,L+1,d]. */
    public Path mlpFile() {
        return file("mlp");
    }

    /** The class-token attention file, [K,L,d]. */
    public Path clsAttnFile() {
        return file("cls_attn");
    }

    /** The embeddings file, [K,d]. */
    public Path embeddingsFile() {
        return file("embeddings");
    }

    /** The labels file, [K, labelShape...]. */
    public Path labelsFile() {
        return file("labels");
    }

    /** All files this sink writes. */
    public List<Path> files() {
        return List.of(attnFile(), mlpFile(), clsAttnFile(), embeddingsFile(), labelsFile());
    }

    long rows() {
        return rows;
    }

    int[] headsShape() {
        return new int[] {layers, heads, width};
    }

    int[] mlpsShape() {
        return new int[] {layers + 1, width};
    }

    int[] clsAttnShape() {
        return new int[] {layers, width};
    }

    int[] embeddingShape() {
        return new int[] {width};
    }

    int[] labelShape() {
        return labelShape.clone();
    }

    String describe() {
        return dataset + "/" + model;
    }

    private Path file(String kind) {
        return Paths.get(outputDir, dataset + "_" + kind + "_" + model + ".npy");
    }

    /** Options of a {@link NpyRowSink}. */
    public static final class Builder {
        private Path outputDir;
        private String dataset;
        private String model;
        private long rows = -1;
        private int layers;
        private int heads;
        private int width;
        private int[] labelShape = new int[0];
        private RowWriterFactory factory;

        private Builder() {
        }

        /** Required: the folder of the files; created if missing. */
        public Builder setOutputDir(Path outputDir) {
            this.outputDir = Objects.requireNonNull(outputDir, "output dir must not be null");
            return this;
        }

        /** Required: the dataset name in the file names. */
        public Builder setDataset(String dataset) {
            this.dataset = requireFileNamePart(dataset, "dataset name");
            return this;
        }

        /** Required: the model name in the file names. */
        public Builder setModel(String model) {
            this.model = requireFileNamePart(model, "model name");
            return this;
        }

        /** Required: K, the number of rows (images) of every file. */
        public Builder setRows(long rows) {
            if (rows < 0 || rows > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("rows " + rows + " must be between 0 and " + Integer.MAX_VALUE);
            }
            this.rows = rows;
            return this;
        }

        /** Required: L layers, H heads per layer and d, the embedding width. */
        public Builder setGeometry(int layers, int heads, int width) {
            if (layers < 1 || heads < 1 || width < 1) {
                throw new IllegalArgumentException("layers, heads and width must be positive, got " + layers
                        + ", " + heads + ", " + width);
            }
            this.layers = layers;
            this.heads = heads;
            this.width = width;
            return this;
        }

        /** The shape of one image's labels after K; default [] (one label each), e.g. [2,1] for Waterbirds. */
        public Builder optLabelShape(int... labelShape) {
            Objects.requireNonNull(labelShape, "label shape must not be null");
            for (int dim : labelShape) {
                if (dim < 1) {
                    throw new IllegalArgumentException("label shape " + Arrays.toString(labelShape)
                            + " must have positive dimensions");
                }
            }
            this.labelShape = labelShape.clone();
            return this;
        }

        /** Required: how array files are created (e.g. around the core's .npy writer). */
        public Builder setRowWriterFactory(RowWriterFactory factory) {
            this.factory = Objects.requireNonNull(factory, "row writer factory must not be null");
            return this;
        }

        /**
         * The sink.
         *
         * @throws IllegalStateException if a required setting is missing
         */
        public NpyRowSink build() {
            if (outputDir == null || dataset == null || model == null || rows < 0 || layers == 0 || factory == null) {
                throw new IllegalStateException("the .npy sink needs setOutputDir, setDataset, setModel, setRows,"
                        + " setGeometry and setRowWriterFactory; missing: " + missing());
            }
            return new NpyRowSink(this);
        }

        private String missing() {
            StringBuilder s = new StringBuilder();
            if (outputDir == null) {
                s.append(" outputDir");
            }
            if (dataset == null) {
                s.append(" dataset");
            }
            if (model == null) {
                s.append(" model");
            }
            if (rows < 0) {
                s.append(" rows");
            }
            if (layers == 0) {
                s.append(" geometry");
            }
            if (factory == null) {
                s.append(" rowWriterFactory");
            }
            return s.toString().trim();
        }

        private static String requireFileNamePart(String value, String what) {
            if (value == null || value.isBlank() || value.contains("/") || value.contains("\\")) {
                throw new IllegalArgumentException(what + " '" + value
                        + "' must be non-blank and hold no path separator: it becomes part of a file name");
            }
            return value;
        }
    }
}
