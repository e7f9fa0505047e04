package io.clipdecomp.core.decompose;

import io.clipdecomp.core.data.DatasetItem;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.preprocess.ItemPixels;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Decomposes a dataset in order, batch by batch, writing each image's row as soon as its batch is done, so
 * memory stays flat whatever the dataset's size. An unreadable image stops the run with its name, unless
 * bad images are to be skipped, in which case the good ones keep consecutive rows.
 */
public final class DatasetDecomposition {
    private final ImageDecomposer decomposer;
    private final ItemPixels itemPixels;
    private final int batchSize;
    private final DecompositionOptions options;
    private final boolean skipBad;

    public DatasetDecomposition(ImageDecomposer decomposer, ItemPixels itemPixels, int batchSize,
                                DecompositionOptions options, boolean skipBad) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.decomposer = decomposer;
        this.itemPixels = itemPixels;
        this.batchSize = batchSize;
        this.options = options;
        this.skipBad = skipBad;
    }

    /**
     * Decomposes the first {@code count} items of {@code dataset}.
     *
     * @param fileList receives one line per written row: row, label values and the item's id, tab-separated
     * @param progress told how many items were handled after each batch
     * @return the items left out (empty unless skipping)
     */
    public List<SkippedImage> run(ImageDataset dataset, int count, DecompositionFiles files, Writer fileList,
                                  IntConsumer progress) throws IOException {
        List<SkippedImage> skipped = new ArrayList<>();
        long row = 0;
        for (int start = 0; start < count; start += batchSize) {
            int end = Math.min(count, start + batchSize);
            List<DatasetItem> items = new ArrayList<>();
            List<float[]> pixels = new ArrayList<>();
            for (int i = start; i < end; i++) {
                DatasetItem item = null;
                try {
                    item = dataset.item(i);
                    pixels.add(itemPixels.pixels(item));
                    items.add(item);
                } catch (IOException e) {
                    if (!skipBad) {
                        throw new IOException("image " + i + " of " + dataset.name() + ": " + e.getMessage()
                                + " (use --skip-bad to leave unreadable images out)", e);
                    }
                    skipped.add(new SkippedImage(i, item != null ? item.id() : dataset.name() + "#" + i, e.getMessage()));
                }
            }
            if (!items.isEmpty()) {
                List<ImageDecomposition> results = decomposer.decompose(pixels, options);
                for (int k = 0; k < items.size(); k++) {
                    DatasetItem item = items.get(k);
                    files.write(row, results.get(k), item.label());
                    fileList.write(row + "\t" + labelText(item.label()) + "\t" + item.id() + "\n");
                    row++;
                }
            }
            progress.accept(end);
        }
        if (!skipped.isEmpty()) {
            files.truncate(row);
        }
        return skipped;
    }

    private static String labelText(long[] label) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < label.length; i++) {
            s.append(i == 0 ? "" : ",").append(label[i]);
        }
        return s.toString();
    }
}
