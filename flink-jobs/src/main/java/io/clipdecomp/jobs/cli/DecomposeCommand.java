package io.clipdecomp.jobs.cli;

import com.google.gson.GsonBuilder;
import io.clipdecomp.core.data.DatasetFactory;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.data.ShapesDataset;
import io.clipdecomp.core.decompose.DatasetDecomposition;
import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.SkippedImage;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ItemPixels;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code decompose}: per-head, MLP and class-token terms of every image of a dataset (compute_prs.py). */
@Command(name = "decompose", mixinStandardHelpOptions = true,
        description = "Decomposes every image's embedding into the direct contributions of heads and MLPs and "
                + "writes {dataset}_attn_{model}.npy [K,L,H,d], _mlp_ [K,L+1,d], _cls_attn_ [K,L,d], _labels_, "
                + "_embeddings_ [K,d] (un-normalised) and _files_ .txt; with --spatial also _attn_spatial_ "
                + "[K,L,N,H,d].")
public final class DecomposeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Option(names = "--dataset", defaultValue = "folder",
            description = "folder (ImageFolder), imagenet, binary_waterbirds, npy or shapes (generated scenes, "
                    + "no --data-path) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-path", paramLabel = "PATH", description = "Dataset root folder or .npy file.")
    Path dataPath;

    @Option(names = "--split", defaultValue = "test",
            description = "binary_waterbirds split: train, val or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--count", paramLabel = "N",
            description = "shapes: number of generated scenes (default: 1000).")
    Integer count;

    @Option(names = "--seed", paramLabel = "S", description = "shapes: seed of the generated scenes (default: 0).")
    Long seed;

    @Option(names = "--batch-size", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", paramLabel = "K", description = "Only the first K images.")
    Integer limit;

    @Option(names = "--spatial", description = "Also write the per-token terms (large: L*N*H*d floats per image).")
    boolean spatial;

    @Option(names = "--skip-bad",
            description = "Leave unreadable images out (listed in {dataset}_skipped_{model}.json) instead of stopping.")
    boolean skipBad;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 or more, got " + limit);
        }
        if (dataPath == null && DatasetFactory.readsDataPath(dataset)) {
            throw new IllegalArgumentException("--data-path is required for dataset '" + dataset + "'");
        }
        ModelFolder folder = model.folder();
        ClipConfig config = folder.config();
        Map<String, String> options = new HashMap<>();
        if (dataset.equals("binary_waterbirds")) {
            options.put("split", split);
        }
        if (dataset.equals(ShapesDataset.NAME)) {
            if (count != null) {
                options.put("count", count.toString());
            }
            if (seed != null) {
                options.put("seed", seed.toString());
            }
        } else if (count != null || seed != null) {
            throw new IllegalArgumentException("--count and --seed are for --dataset shapes, not '" + dataset + "'");
        }
        Path out = output.create();
        String name = model.modelName();
        try (ImageDataset data = DatasetFactory.open(dataset,
                dataPath == null ? null : dataPath.toAbsolutePath(), options);
             ClipModel clip = model.load(folder);
             ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            int count = limit == null ? data.size() : Math.min(limit, data.size());
            ItemPixels pixels = new ItemPixels(new ClipImagePreprocessor(config.vision().imageSize(),
                    config.preprocess().mean(), config.preprocess().std()));
            DatasetDecomposition run = new DatasetDecomposition(decomposer, pixels, batchSize,
                    spatial ? DecompositionOptions.SPATIAL : DecompositionOptions.HEADS, skipBad);
            List<SkippedImage> skipped;
            try (DecompositionFiles files = new DecompositionFiles(out, data.name(), name, count, config,
                         data.labelWidth(), spatial);
                 Writer fileList = Files.newBufferedWriter(out.resolve(data.name() + "_files_" + name + ".txt"),
                         StandardCharsets.UTF_8);
                 ProgressBar bar = new ProgressBarBuilder().setTaskName("decompose").setInitialMax(count)
                         .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                         .setUnit(" img", 1).build()) {
                skipped = run.run(data, count, files, fileList, bar::stepTo);
            }
            if (skipBad) {
                Files.writeString(out.resolve(data.name() + "_skipped_" + name + ".json"),
                        new GsonBuilder().setPrettyPrinting().create().toJson(skipped) + "\n", StandardCharsets.UTF_8);
            }
            System.out.printf("decomposed %d of %d images of %s with %s into %s%s%n", count - skipped.size(), count,
                    data.name(), name, out, skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped)");
        }
        return 0;
    }
}
