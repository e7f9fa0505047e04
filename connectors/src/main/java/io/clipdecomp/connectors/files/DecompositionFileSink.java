package io.clipdecomp.connectors.files;

import io.clipdecomp.core.decompose.DecompositionShape;
import io.clipdecomp.schemas.ImageDecomposition;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the decompositions of a bounded dataset into the seed-compatible .npy files with a
 * {@link DecompositionFileWriter}, each at its record's row index, so a parallel job produces the same files as a
 * sequential one; at the end of input the rows of images that never arrived (dead-lettered) are closed up. Runs
 * with parallelism 1 in BATCH mode: the files are one per dataset.
 */
public final class DecompositionFileSink implements Sink<ImageDecomposition> {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(DecompositionFileSink.class);

    private final String outDir;
    private final String dataset;
    private final String model;
    private final long rows;
    private final DecompositionShape shape;
    private final int labelWidth;
    private final boolean tokenTerms;

    /**
     * @param rows images in the dataset (the largest index + 1)
     * @param labelWidth values per label: 1, or 2 for binary_waterbirds
     * @param tokenTerms also write {@code _attn_spatial_} from the records' token terms
     */
    public DecompositionFileSink(Path outDir, String dataset, String model, long rows, DecompositionShape shape,
                                 int labelWidth, boolean tokenTerms) {
        this.outDir = outDir.toString();
        this.dataset = dataset;
        this.model = model;
        this.rows = rows;
        this.shape = shape;
        this.labelWidth = labelWidth;
        this.tokenTerms = tokenTerms;
    }

    /** The listing of rows written next to the .npy files. */
    public static Path fileList(Path dir, String dataset, String model) {
        return dir.resolve(dataset + "_files_" + model + ".txt");
    }

    @Override
    public SinkWriter<ImageDecomposition> createWriter(WriterInitContext context) throws IOException {
        if (context.getTaskInfo().getNumberOfParallelSubtasks() != 1) {
            throw new IllegalStateException("DecompositionFileSink writes one set of files: run it with parallelism 1");
        }
        return new FilesWriter(new DecompositionFileWriter(Path.of(outDir), dataset, model, rows, shape, labelWidth,
                tokenTerms));
    }

    /** The single writer: rows at their index, then compaction and the file list when input ends. */
    private final class FilesWriter implements SinkWriter<ImageDecomposition> {
        private final DecompositionFileWriter files;

        FilesWriter(DecompositionFileWriter files) {
            this.files = files;
        }

        @Override
        public void write(ImageDecomposition record, Context context) throws IOException {
            files.write(record);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (endOfInput) {
                files.finish();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                files.close();
            } catch (IOException e) {
                if (files.finished()) {
                    throw e;
                }
                // closed by a failure or cancellation before the end of input, so the files are incomplete anyway;
                // throwing here would make Flink treat the task's failure as fatal for the whole TaskManager and
                // report "The TaskExecutor is shutting down" instead of the failure's cause; the failure itself is
                // reported by whoever ran the job, so this is detail
                LOG.info("Decomposition files in {} left incomplete: the job stopped before the end of its input ({})",
                        outDir, e.getMessage());
            }
        }
    }
}
