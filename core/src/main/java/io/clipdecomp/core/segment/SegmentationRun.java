package io.clipdecomp.core.segment;

import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.RasterImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The original's evaluation loop (compute_segmentations.py): every image through the model input transform, its
 * mask resized to S x S with nearest neighbour (without the image's centre crop, as the original, or through the same
 * crop with {@code alignedMasks}), the patch map turned into a prediction and scored, metrics summed over the dataset
 * and every pixel pooled for the precision-recall curve.
 *
 * <p>Images are scored one by one, as with the original's batch size 1 (its min-max runs over the batch tensor);
 * batching here only groups forward passes.
 */
public final class SegmentationRun {
    /** Images per forward pass unless told otherwise ({@code segment}'s default). */
    public static final int DEFAULT_BATCH = 8;

    private final PatchMapper segmenter;
    private final ClipImagePreprocessor preprocessor;
    private final boolean alignedMasks;
    private final int batchSize;

    /**
     * @param alignedMasks crop the masks as the image instead of stretching them to a square
     * @param batchSize images per forward pass
     */
    public SegmentationRun(PatchMapper segmenter, ClipImagePreprocessor preprocessor, boolean alignedMasks,
                           int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be 1 or more, got " + batchSize);
        }
        if (preprocessor.size() != segmenter.grid() * segmenter.patch()) {
            throw new IllegalArgumentException("the input size " + preprocessor.size() + " is not the model's "
                    + segmenter.grid() + " tokens of " + segmenter.patch() + " pixels");
        }
        this.segmenter = segmenter;
        this.preprocessor = preprocessor;
        this.alignedMasks = alignedMasks;
        this.batchSize = batchSize;
    }

    /**
     * Scores the first {@code count} samples of {@code dataset} in order, adding each to {@code totals} and
     * {@code pooled} and handing it to {@code each}.
     *
     * @throws IOException naming the sample that could not be read
     */
    public void run(SegmentationDataset dataset, int count, SegmentationTotals totals, PooledPrecisionRecall pooled,
                    Consumer<ImageResult> each) throws IOException {
        int n = Math.min(count, dataset.size());
        List<SegmentationSample> samples = new ArrayList<>(batchSize);
        List<RasterImage> inputs = new ArrayList<>(batchSize);
        List<float[]> pixels = new ArrayList<>(batchSize);
        for (int start = 0; start < n; start += batchSize) {
            samples.clear();
            inputs.clear();
            pixels.clear();
            for (int i = start; i < Math.min(n, start + batchSize); i++) {
                SegmentationSample sample = dataset.sample(i);
                RasterImage input = preprocessor.resizeAndCrop(sample.image(), ColourConversion.BEFORE_RESIZE);
                samples.add(sample);
                inputs.add(input);
                pixels.add(preprocessor.toPixels(input, ColourConversion.BEFORE_RESIZE));
            }
            List<LabelMask> truths = new ArrayList<>(samples.size());
            for (SegmentationSample sample : samples) {
                truths.add(alignedMasks ? sample.mask().alignedWith(preprocessor)
                        : sample.mask().squareNearest(preprocessor.size()));
            }
            List<PatchMap> maps = segmenter.patchMaps(pixels, truths);
            for (int k = 0; k < samples.size(); k++) {
                SegmentationSample sample = samples.get(k);
                LabelMask truth = truths.get(k);
                ForegroundMap map = ForegroundMap.of(maps.get(k).values(), segmenter.grid(), segmenter.patch());
                ImageScore score = ImageScore.of(map, truth);
                totals.add(score);
                pooled.add(map.relevance(), truth.labels());
                each.accept(new ImageResult(sample, inputs.get(k), truth, maps.get(k), map, score));
            }
        }
    }
}
