package io.clipdecomp.core.train;

import io.clipdecomp.core.data.ShapesDataset;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.segment.HeadSelection;
import io.clipdecomp.core.segment.PatchMapper;
import io.clipdecomp.core.segment.PooledPrecisionRecall;
import io.clipdecomp.core.segment.ReferenceMaps;
import io.clipdecomp.core.segment.SegmentationRun;
import io.clipdecomp.core.segment.SegmentationTotals;
import io.clipdecomp.core.segment.ZeroShotSegmenter;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import io.clipdecomp.core.text.ZeroShotClassifier;
import java.io.IOException;

/**
 * A model's zero-shot segmentation of generated scenes next to what a map that knows the masks at its patch
 * resolution scores there (each patch scored by its true mask coverage), both under the paper's protocol: what
 * {@code segment} reports for {@code --map decomposition} with the shape classes' classifier and for
 * {@code --map mask-coverage}.
 *
 * @param seed the scenes' seed
 * @param scenes how many scenes were scored
 * @param model the model's own map: all heads, predicted shape against the mean over shapes
 * @param maskCoverage the mask-coverage map
 */
public record PatchGridSegmentation(long seed, int scenes, Scores model, Scores maskCoverage) {
    /** The scenes the model card scores: those of the README's segmentation table. */
    public static final long CARD_SEED = 3;
    /** How many scenes the model card scores. */
    public static final int CARD_SCENES = 500;

    /**
     * One map's scores.
     *
     * @param pixelAccuracy correct pixels over all pixels
     * @param meanIoU foreground and background IoU from summed intersections and unions, averaged
     * @param meanAP mean of the per-image average precisions
     */
    public record Scores(double pixelAccuracy, double meanIoU, double meanAP) {
        static Scores of(SegmentationTotals totals) {
            return new Scores(totals.pixelAccuracy(), totals.meanIoU(), totals.meanAP());
        }
    }

    /** Scores scenes 0..scenes-1 of {@code seed} with the model's map and with the mask-coverage map. */
    public static PatchGridSegmentation measure(ClipModel model, ClipTokenizer tokenizer, long seed, int scenes)
            throws IOException {
        float[][] shapes = new ZeroShotClassifier(new TextEncoder(model, tokenizer), ZeroShotClassifier.DEFAULT_BATCH)
                .classWeights(ShapesDataset.shapeClasses(), ZeroShotClassifier.DEFAULT_TEMPLATES);
        ClipImagePreprocessor preprocessor = ClipImagePreprocessor.forModel(model.config());
        try (ImageDecomposer decomposer = new ImageDecomposer(model)) {
            Scores own = score(new ZeroShotSegmenter(decomposer, shapes, HeadSelection.all()), preprocessor, seed,
                    scenes);
            Scores best = score(ReferenceMaps.named("mask-coverage", model), preprocessor, seed, scenes);
            return new PatchGridSegmentation(seed, scenes, own, best);
        }
    }

    private static Scores score(PatchMapper mapper, ClipImagePreprocessor preprocessor, long seed, int scenes)
            throws IOException {
        SegmentationTotals totals = new SegmentationTotals();
        new SegmentationRun(mapper, preprocessor, false, SegmentationRun.DEFAULT_BATCH)
                .run(new SegmentationScenes(seed, scenes), scenes, totals, new PooledPrecisionRecall(), r -> { });
        return Scores.of(totals);
    }
}
