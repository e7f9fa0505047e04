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
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.jobs.DatasetDecompositionJob;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.JobFailures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
    DecompositionJobOptions job = new DecompositionJobOptions(1, 8);

    @Mixin
    OutputDirectory output;

    @Mixin
    DatasetOptions data;

    @Option(names = "--spatial", description = "Also write the per-token terms (large: L*N*H*d floats per image).")
    boolean spatial;

    @Option(names = "--skip-bad",
            description = "Leave unreadable images out (listed in {dataset}_skipped_{model}.json) instead of stopping.")
    boolean skipBad;

    @Override
    public Integer call() throws Exception {
        // everything that can be checked is checked before the output folder is touched
        ModelFolder folder = job.model.folder();
        folder.verifyWeights();
        ClipConfig config = folder.config();
        DecompositionJob.Settings settings = settings(folder);
        DatasetSpec spec = data.spec().withMaxImageBytes(settings.limits().maxBytes());
        DatasetSource source = DatasetSource.of(spec, data.limit());
        String datasetName;
        int labelWidth;
        try (ImageDataset dataset = spec.open()) {
            datasetName = dataset.name();
            labelWidth = dataset.labelWidth();
        }
        String name = settings.decompose().modelName();

        // the files are written aside and moved into place only when the job succeeded
        try (StagedOutputs staged = StagedOutputs.in(output.path())) {
            Path work = staged.dir();
            StreamExecutionEnvironment env = LocalFlink.batchEnvironment(job.parallelism());
            new DatasetDecompositionJob(source, new DecompositionFileSink(work, datasetName, name, source.count(),
                    DecompositionShape.of(config), labelWidth, spatial),
                    skipBad ? new DeadLetterFileSink(work.resolve(datasetName + "_skipped_" + name + ".json")) : null,
                    settings).attach(env);
            System.err.println("decompose: " + source.count() + " images of " + datasetName + " with "
                    + settings.summary() + ", " + job.parallelism() + " subtask(s)");
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

    /** The job's settings from these flags, for the model of {@code folder}. */
    DecompositionJob.Settings settings(ModelFolder folder) throws IOException {
        return job.settings(folder, false).withTokenTerms(spatial).withFailOnBadInput(!skipBad);
    }
}
