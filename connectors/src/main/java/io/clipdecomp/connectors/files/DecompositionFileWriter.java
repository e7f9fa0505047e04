package io.clipdecomp.connectors.files;

import io.clipdecomp.connectors.records.DecompositionRecords;
import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.decompose.DecompositionShape;
import io.clipdecomp.schemas.ImageDecomposition;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Writes decomposition records into the seed-compatible .npy files of one dataset, each at its record's row
 * index, in any order; {@link #finish()} closes up the rows of images that never arrived, keeping order, and
 * lists row, label and id in {@code {dataset}_files_{model}.txt}. {@link DecompositionFileSink} runs it in a
 * Flink job; the demo runs it on what it reads back from Kafka.
 */
public final class DecompositionFileWriter implements Closeable {
    /** The label written for an image that has none (a file sent without a class). */
    public static final long NO_LABEL = -1;

    private final Path outDir;
    private final String dataset;
    private final String model;
    private final long rows;
    private final int labelWidth;
    private final DecompositionFiles files;
    private final BitSet present = new BitSet();
    private final String[] lines;
    private boolean finished;

    /**
     * @param rows images in the dataset (the largest index + 1)
     * @param labelWidth values per label: 1, or 2 for binary_waterbirds
     * @param tokenTerms also write {@code _attn_spatial_} from the records' token terms
     */
    public DecompositionFileWriter(Path outDir, String dataset, String model, long rows, DecompositionShape shape,
                                   int labelWidth, boolean tokenTerms) throws IOException {
        this.outDir = outDir;
        this.dataset = dataset;
        this.model = model;
        this.rows = rows;
        this.labelWidth = labelWidth;
        this.lines = new String[Math.toIntExact(rows)];
        Files.createDirectories(outDir);
        files = new DecompositionFiles(outDir, dataset, model, rows, shape, labelWidth, tokenTerms);
    }

    /** Writes one record at its row. */
    public void write(ImageDecomposition record) throws IOException {
        int row = Math.toIntExact(record.getIndex());
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("record " + record.getId() + " has row index " + row
                    + " outside 0.." + (rows - 1));
        }
        long[] label = record.getLabel().isEmpty() && labelWidth == 1 ? new long[] {NO_LABEL}
                : DecompositionRecords.label(record.getLabel());
        files.write(row, DecompositionRecords.toCore(record), label);
        present.set(row);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < label.length; i++) {
            text.append(i == 0 ? "" : ",").append(label[i]);
        }
        lines[row] = text + "\t" + record.getId();
    }

    /** Closes up the rows that never arrived and writes the file list; once, after the last record. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        files.compact(present);
        try (Writer out = Files.newBufferedWriter(DecompositionFileSink.fileList(outDir, dataset, model), StandardCharsets.UTF_8)) {
            long next = 0;
            for (int row = present.nextSetBit(0); row >= 0; row = present.nextSetBit(row + 1)) {
                out.write(next++ + "\t" + lines[row] + "\n");
            }
        }
    }

    /** Whether {@link #finish()} ran: without it the files are incomplete. */
    public boolean finished() {
        return finished;
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
