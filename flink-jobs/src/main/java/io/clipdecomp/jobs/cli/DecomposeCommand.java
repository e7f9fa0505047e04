package io.clipdecomp.jobs.cli;

import io.clipdecomp.connectors.dataset.DatasetSource;
import io.clipdecomp.connectors.dataset.DatasetSpec;
import io.clipdecomp.connectors.files.DeadLetterFileSink;
import io.clipdecomp.connectors.files.DecompositionFileSink;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.decompose.DecompositionShape;
import io.clipdecomp.core.io.StagedOutputs;
import io.clipdecomp.core.io.WeightFileException;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.DjlRuntime;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.JobFailures;
import io.clipdecomp.jobs.operators.AnalysisSettings;
import io.clipdecomp.jobs.operators.DecomposeSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code decompose}: per-head, MLP and class-token terms of every image of a dataset (compute_prs.py). */
@Command(name = "decompose", mixinStandardHelpOptions = true,
        description = "Decomposes every image's embedding into the direct contributions of heads and MLPs and "
                + "writes {dataset}_attn_{model}.npy [K,L,H,d], _mlp_ [K,L+1,d], _cls_attn_ [K,L,d], _labels_, "
                + "_embeddings_ [K,d] (un-normalised) and _files_ .txt; with --spatial also _attn_spatial_ "
                + "[K,L,N,H,d]. Runs as a Flink job in BATCH mode on an embedded MiniCluster. Model, config and "
                + "dataset are checked first; the files are written aside and moved into --out-dir only when the "
                + "run succeeds, so a failed run leaves earlier results as they were.")
public final class DecomposeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Mixin
    DatasetOptions data;

    @Mixin
    ImageBytesOption imageBytes;

    @Mixin
    DecodeLimitOptions decodeLimits;

    @Mixin
    PixelCheckOption pixelCheck;

    @Option(names = "--batch-size", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--parallelism", defaultValue = "1",
            description = "Decomposition subtasks, one model each (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--spatial", description = "Also write the per-token terms (large: L*N*H*d floats per image).")
    boolean spatial;

    @Option(names = "--skip-bad",
            description = "Leave unreadable images out (listed in {dataset}_skipped_{model}.json) instead of stopping.")
    boolean skipBad;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be 1 or more, got " + parallelism);
        }
        // everything that can be checked is checked before the output folder is touched
        ModelFolder folder = model.folder();
        folder.verifyWeights();
        ClipConfig config = folder.config();
        DjlRuntime.device(model.device); // a missing GPU fails here too
        ImageLimits limits = decodeLimits.limits(imageBytes);
        DatasetSpec spec = data.spec().withMaxImageBytes(limits.maxBytes());
        DatasetSource source = DatasetSource.of(spec, data.limit());
        String datasetName;
        int labelWidth;
        try (ImageDataset dataset = spec.open()) {
            datasetName = dataset.name();
            labelWidth = dataset.labelWidth();
        }
        String name = model.modelName();
        int threads = model.threads > 0 ? model.threads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
        DecompositionJob.Settings settings = new DecompositionJob.Settings(
                new DecomposeSettings(folder.dir().toString(), name, model.device, threads, batchSize, 1000, spatial,
                        null),
                pixelCheck.preprocessor(config),
                !skipBad, Long.MAX_VALUE, AnalysisSettings.NONE, limits);

        // the files are written aside and moved into place only when the job succeeded
        try (StagedOutputs staged = StagedOutputs.in(output.path())) {
            Path work = staged.dir();
            StreamExecutionEnvironment env = LocalFlink.batchEnvironment(parallelism);
            DecompositionJob.Outputs outputs = DecompositionJob.build(
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "dataset").setParallelism(1), settings);
            outputs.decompositions().sinkTo(new DecompositionFileSink(work, datasetName, name, source.count(),
                    DecompositionShape.of(config), labelWidth, spatial)).setParallelism(1).name("npy-files");
            if (skipBad) {
                Path skippedList = work.resolve(datasetName + "_skipped_" + name + ".json");
                outputs.deadLetters().sinkTo(new DeadLetterFileSink(skippedList)).setParallelism(1).name("skipped-json");
            }
            System.err.println("decompose: " + source.count() + " images of " + datasetName + " with " + name
                    + " (batch " + batchSize + ", parallelism " + parallelism + ", " + threads + " threads each)");
            long decomposed;
            try {
                decomposed = LocalFlink.executeWithProgress(env, "clipdecomp decompose " + datasetName, "decompose",
                        source.count());
            } catch (Exception e) {
                WeightFileException modelFailure = JobFailures.modelFileFailure(e);
                if (modelFailure != null) {
                    throw modelFailure; // the model's own message; --skip-bad would not help
                }
                IllegalStateException failure = new IllegalStateException(JobFailures.rootMessage(e)
                        + (skipBad ? "" : " (use --skip-bad to leave unusable images out)"));
                failure.addSuppressed(e); // for -Dclipdecomp.debug; not a cause, whose message would be printed
                throw failure;
            }
            staged.commit();
            long skipped = source.count() - decomposed;
            System.out.printf("decomposed %d of %d images of %s with %s into %s%s%n", decomposed, source.count(),
                    datasetName, name, staged.target(), skipped == 0 ? "" : " (" + skipped + " skipped)");
        }
        return 0;
    }
}
