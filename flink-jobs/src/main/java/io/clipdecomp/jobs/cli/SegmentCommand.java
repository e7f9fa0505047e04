package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.io.StagedOutputs;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.segment.HeadSelection;
import io.clipdecomp.core.segment.PooledPrecisionRecall;
import io.clipdecomp.core.segment.SegmentationDataset;
import io.clipdecomp.core.segment.SegmentationDatasets;
import io.clipdecomp.core.segment.SegmentationImages;
import io.clipdecomp.core.segment.SegmentationReport;
import io.clipdecomp.core.segment.PatchMapper;
import io.clipdecomp.core.segment.ReferenceMaps;
import io.clipdecomp.core.segment.SegmentationRun;
import io.clipdecomp.core.segment.SegmentationTotals;
import io.clipdecomp.core.segment.ZeroShotSegmenter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment}: zero-shot foreground segmentation scored against true masks (compute_segmentations.py). */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segments every image's foreground from its per-token terms, as compute_segmentations.py: the "
                + "class predicted from the embedding, per image token that class's score minus the mean over "
                + "classes summed over all layers and heads (or --heads), upsampled bilinearly by the patch size, "
                + "clipped at 0, min-max normalised and thresholded at its mean. Scores pixel accuracy, mIoU (from "
                + "intersections and unions summed over the dataset) and mAP (per image, both channels) against "
                + "masks resized to S x S without the image's centre crop, as the original (--aligned-masks crops "
                + "them as the image). Writes {dataset}_segmentation_{model}.json and .txt (the original's three "
                + "lines), precision.npy and recall.npy (all pixels pooled; with --map M: _M in every name); --save-img adds "
                + "PNGs per image.")
public final class SegmentCommand implements Callable<Integer> {
    private static final String MAP_DECOMPOSITION = "decomposition";
    /** Characters of the progress line: room for the bar and the running metrics. */
    private static final int PROGRESS_WIDTH = 150;

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Option(names = "--dataset", defaultValue = "imagenet_seg", paramLabel = "imagenet_seg|segfolder",
            description = "imagenet_seg (gtsegs_ijcv.mat) or segfolder (PATH/images/NAME.png and PATH/masks/NAME.png, "
                    + "foreground non-zero, as generate-shapes --layout segmentation writes) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-path", required = true, paramLabel = "PATH", description = "The .mat file or the folder.")
    Path dataPath;

    @Option(names = "--classifier", paramLabel = "FILE",
            description = "Zero-shot classifier [d, C] .npy (as text-project writes) whose classes are predicted "
                    + "(needed by --map decomposition, refused by the others).")
    Path classifier;

    @Option(names = "--map", defaultValue = MAP_DECOMPOSITION,
            paramLabel = "decomposition|centre|cls-attention|mask-coverage",
            description = "Where the token map comes from: the decomposition (the paper's method, default), or a "
                    + "reference read through the same protocol: a centre blob, the class token's last-layer "
                    + "attention, or each patch's true mask coverage (the masks known at the patch resolution). "
                    + "References write {dataset}_segmentation_{model}_{map}.*")
    String map;

    @Option(names = "--heads", paramLabel = "L.H,...",
            description = "Sum only these heads (0-based layer.head, e.g. 10.3,11.0) instead of all.")
    String heads;

    @Option(names = "--aligned-masks",
            description = "Resize and crop each mask as its image (not what the original does).")
    boolean alignedMasks;

    @Option(names = "--save-img",
            description = "Also write, per image i, i_input.png, i_mask.png, i_prediction.png and i_heatmap.png into "
                    + "{dataset}_segmentation_{model}_images/.")
    boolean saveImages;

    @Option(names = "--batch-size", defaultValue = "" + SegmentationRun.DEFAULT_BATCH,
            description = "Images per forward pass; results do not depend on it (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", paramLabel = "K", description = "Only the first K images.")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be 1 or more, got " + limit);
        }
        // everything that can be checked is checked before the output folder is touched
        boolean decomposition = map.equals(MAP_DECOMPOSITION);
        if (!decomposition && !ReferenceMaps.NAMES.contains(map)) {
            throw new IllegalArgumentException("--map must be " + MAP_DECOMPOSITION + " or one of "
                    + ReferenceMaps.NAMES + ", got '" + map + "'");
        }
        if (decomposition == (classifier == null)) {
            throw new IllegalArgumentException(decomposition ? "--map decomposition needs --classifier"
                    : "--classifier and --heads are for --map decomposition; --map " + map + " uses no classes");
        }
        if (!decomposition && heads != null) {
            throw new IllegalArgumentException("--heads is for --map decomposition; --map " + map + " uses no heads");
        }
        HeadSelection selection = heads == null ? HeadSelection.all() : HeadSelection.parse(heads);
        ModelFolder folder = model.folder();
        ClipConfig config = folder.config();
        selection.checkFits(config.vision().layers(), config.vision().heads());
        LinearClassifier classes = decomposition ? LinearClassifier.read(classifier.toAbsolutePath()) : null;
        if (classes != null) {
            classes.requireDim(config.embedDim(), "the model's embedding");
        }
        String name = model.modelName();
        // a reference map's files carry its name, so they never replace the decomposition's (the original's names)
        String suffix = decomposition ? "" : "_" + map;
        String stem = dataset + "_segmentation_" + name + suffix;
        String precision = "precision" + suffix + ".npy";
        String recall = "recall" + suffix + ".npy";
        ClipImagePreprocessor preprocessor = ClipImagePreprocessor.forModel(config);
        try (SegmentationDataset data = SegmentationDatasets.open(dataset, dataPath.toAbsolutePath(),
                     ImageLimits.defaults());
             ClipModel clip = model.load(folder);
             ImageDecomposer decomposer = new ImageDecomposer(clip);
             StagedOutputs staged = StagedOutputs.in(output.path());
             StagedOutputs images = saveImages ? StagedOutputs.in(output.path().resolve(stem + "_images")) : null) {
            int count = Math.min(data.size(), limit == null ? Integer.MAX_VALUE : limit);
            PatchMapper mapper = decomposition
                    ? new ZeroShotSegmenter(decomposer, classes.classDirections(), selection)
                    : ReferenceMaps.named(map, clip);
            SegmentationRun run = new SegmentationRun(mapper, preprocessor, alignedMasks, batchSize);
            SegmentationTotals totals = new SegmentationTotals();
            PooledPrecisionRecall pooled = new PooledPrecisionRecall();
            SegmentationReport report = new SegmentationReport(data.name(), name, selection, alignedMasks, map);
            System.err.println("segment: " + count + " images of " + data.name() + " with " + name + " ("
                    + (decomposition ? selection + ", " + classes.classes() + " classes" : "the " + map + " map")
                    + ", masks "
                    + (alignedMasks ? "cropped as the images" : "stretched to the input square") + ")");
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("segment").setInitialMax(count)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err, PROGRESS_WIDTH))
                    .setUnit(" img", 1).build()) {
                run.run(data, count, totals, pooled, r -> {
                    report.add(r);
                    if (images != null) {
                        SegmentationImages.write(images.dir(), r.sample().index(), r);
                    }
                    bar.setExtraMessage(" " + SegmentationReport.progress(totals));
                    bar.step();
                });
            }
            Path work = staged.dir();
            Files.writeString(work.resolve(stem + ".json"), report.json(totals), StandardCharsets.UTF_8);
            List<String> lines = SegmentationReport.lines(totals);
            Files.writeString(work.resolve(stem + ".txt"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            long points = pooled.write(work.resolve(precision), work.resolve(recall));
            if (images != null) {
                images.commit();
            }
            staged.commit();
            lines.forEach(System.out::println);
            System.out.printf("wrote %s.json and .txt, %s and %s (%d points)%s into %s%n", stem, precision, recall,
                    points, images == null ? "" : ", the images into " + stem + "_images/", staged.target());
        }
        return 0;
    }
}
