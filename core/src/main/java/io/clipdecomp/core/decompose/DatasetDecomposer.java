package io.clipdecomp.core.decompose;

import io.clipdecomp.core.data.DatasetItem;
import io.clipdecomp.core.data.EncodedImage;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.data.PreprocessedPixels;
import io.clipdecomp.core.preprocess.BoundedImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decomposes the first images of a dataset in order, a batch at a time, in the calling thread: for commands
 * that need one pass over per-image terms and no files. Items are prepared as decompose's job prepares them:
 * encoded images within the preprocessor's limits, converted to RGB before resizing; preprocessed pixels as
 * they are.
 */
public final class DatasetDecomposer {
    /** Receives each image's terms, in dataset order. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int index, String id, ImageDecomposition terms);
    }

    private final ImageDecomposer decomposer;
    private final BoundedImagePreprocessor preprocessor;
    private final int batchSize;

    public DatasetDecomposer(ImageDecomposer decomposer, BoundedImagePreprocessor preprocessor, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be 1 or more, got " + batchSize);
        }
        this.decomposer = decomposer;
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
    }

    /**
     * Decomposes items {@code 0 .. min(size, limit) - 1} of {@code dataset} into per-head and MLP terms.
     *
     * @param skipBad leave images that cannot be read or prepared out (returned) instead of failing
     * @return the images left out, in order
     * @throws IllegalArgumentException naming the image and the reason when one cannot be used and not skipBad
     */
    public List<SkippedImage> run(ImageDataset dataset, int limit, boolean skipBad, Visitor visitor)
            throws InterruptedException {
        int count = Math.min(dataset.size(), limit);
        int size = decomposer.model().config().vision().imageSize();
        List<SkippedImage> skipped = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>(batchSize);
        List<Integer> indices = new ArrayList<>(batchSize);
        List<String> ids = new ArrayList<>(batchSize);
        for (int i = 0; i < count; i++) {
            String id = dataset.itemId(i);
            try {
                pixels.add(prepare(dataset.item(i), size));
                indices.add(i);
                ids.add(id);
            } catch (IOException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!skipBad) {
                    throw new IllegalArgumentException("image " + id + " (row " + i + ") cannot be used: " + reason, e);
                }
                skipped.add(new SkippedImage(i, id, reason));
            }
            if (pixels.size() == batchSize || (i == count - 1 && !pixels.isEmpty())) {
                List<ImageDecomposition> terms = decomposer.decompose(pixels, DecompositionOptions.HEADS);
                for (int b = 0; b < terms.size(); b++) {
                    visitor.visit(indices.get(b), ids.get(b), terms.get(b));
                }
                pixels.clear();
                indices.clear();
                ids.clear();
            }
        }
        return skipped;
    }

    private float[] prepare(DatasetItem item, int size) throws IOException, InterruptedException {
        if (item.payload() instanceof EncodedImage encoded) {
            return preprocessor.toPixels(encoded.bytes(), ColourConversion.BEFORE_RESIZE);
        }
        PreprocessedPixels ready = (PreprocessedPixels) item.payload();
        if (ready.size() != size) {
            throw new ImageDecodeException("preprocessed pixels are " + ready.size() + "x" + ready.size()
                    + "; the model takes " + size + "x" + size);
        }
        return ready.chw();
    }
}
