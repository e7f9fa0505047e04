package io.clipdecomp.connectors.files;

import io.clipdecomp.connectors.records.DecompositionRecords;
import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.decompose.DecompositionShape;
import io.clipdecomp.schemas.ImageDecomposition;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the decompositions of a bounded dataset into the seed-compatible .npy files, each at its record's
 * row index, so a parallel job produces the same files as a sequential one. At the end, rows of images that
 * never arrived (dead-lettered) are closed up, keeping order, and {@code {dataset}_files_{model}.txt} lists
 * row, label and id. Runs with parallelism 1 in BATCH mode: the files are one per dataset.
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
        return new FilesWriter();
    }

    /** The single writer: rows at their index, then compaction and the file list when input ends. */
    private final class FilesWriter implements SinkWriter<ImageDecomposition> {
        private final DecompositionFiles files;
        private final BitSet present = new BitSet();
        private final String[] lines = new String[Math.toIntExact(rows)];
        private boolean finished;

        FilesWriter() throws IOException {
            Files.createDirectories(Path.of(outDir));
            files = new DecompositionFiles(Path.of(outDir), dataset, model, rows, shape, labelWidth, tokenTerms);
        }

        @Override
        public void write(ImageDecomposition record, Context context) throws IOException {
            int row = Math.toIntExact(record.getIndex());
            if (row < 0 || row >= rows) {
                throw new IllegalArgumentException("record " + record.getId() + " has row index " + row
                        + " outside 0.." + (rows - 1));
            }
            long[] label = DecompositionRecords.label(record.getLabel());
            files.write(row, DecompositionRecords.toCore(record), label);
            present.set(row);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < label.length; i++) {
                text.append(i == 0 ? "" : ",").append(label[i]);
            }
            lines[row] = text + "\t" + record.getId();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput || finished) {
                return;
            }
            finished = true;
            files.compact(present);
            try (Writer out = Files.newBufferedWriter(fileList(Path.of(outDir), dataset, model), StandardCharsets.UTF_8)) {
                long next = 0;
                for (int row = present.nextSetBit(0); row >= 0; row = present.nextSetBit(row + 1)) {
                    out.write(next++ + "\t" + lines[row] + "\n");
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                files.close();
            } catch (IOException e) {
                if (finished) {
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
