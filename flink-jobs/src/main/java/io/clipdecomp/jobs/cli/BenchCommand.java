package io.clipdecomp.jobs.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.clipdecomp.core.bench.BenchmarkResult;
import io.clipdecomp.core.bench.MeasuredRate;
import io.clipdecomp.core.bench.DecompositionBenchmark;
import io.clipdecomp.core.bench.PreprocessBenchmark;
import io.clipdecomp.core.bench.TextSpanBenchmark;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipGeometries;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.DjlRuntime;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.DecoderSelfCheck;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.FileTrees;
import io.clipdecomp.jobs.bench.PipelineBenchmark;
import io.clipdecomp.jobs.operators.DecomposeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: throughput of decode + preprocess, forward pass, decomposition and text encoding, and ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures the matrix-multiply rate, plain forward, decomposition, per-token decomposition, "
                + "segmentation maps, text encoding and one-thread decode + preprocess throughput in one run, and "
                + "prints their ratios (also written as JSON). "
                + "Without --model-dir it uses random weights in a named geometry, made in memory.")
public final class BenchCommand implements Callable<Integer> {
    private static final String DEFAULT_GEOMETRY = "ViT-B-16";

    @Mixin
    OutputDirectory output;

    @Mixin
    PixelCheckOption pixelCheck;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Benchmark a real model folder instead.")
    Path modelDir;

    @Option(names = "--geometry", paramLabel = "NAME",
            description = "Geometry of the random model: ViT-B-16, ViT-L-14 or ViT-H-14 (default: " + DEFAULT_GEOMETRY
                    + "; not with --model-dir, whose config gives it).")
    String geometry;

    @Option(names = "--batch-size", defaultValue = "" + DecompositionBenchmark.DEFAULT_BATCH,
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads (default: all cores).")
    int threads;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Minimum timed seconds per figure (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--pipeline-images", defaultValue = "40",
            description = "Images for the end-to-end Kafka + Flink figure; its rate is taken after the first batch, "
                    + "so at least " + MeasuredRate.STEADY_BATCHES + " batches are needed (default: ${DEFAULT-VALUE}; "
                    + "0 skips it).")
    int pipelineImages;

    @Option(names = "--textspan-images", defaultValue = "5000",
            description = "Images of the TextSpan figure (one head in ViT-H-14 geometry, from moments and from the "
                    + "samples; default: ${DEFAULT-VALUE}; 0 skips it).")
    int textspanImages;

    @Option(names = "--preprocess-seconds", defaultValue = "3",
            description = "Timed seconds per image of the decode + preprocess figures, one thread, after as long "
                    + "again of warm-up (default: ${DEFAULT-VALUE}; 0 skips them).")
    double preprocessSeconds;

    @Option(names = "--preprocess-images", paramLabel = "DIR",
            description = "Folder of JPEG and PNG images for the decode + preprocess figures; the generated set "
                    + "(JPEGs of 4000x3000, 1024x768 and 500x375, PNGs of the two smaller sizes) is written there "
                    + "when it holds none, so that Pillow can be timed on the same files (default: a temporary "
                    + "folder).")
    Path preprocessImages;

    @Override
    public Integer call() throws Exception {
        if (modelDir != null && geometry != null) {
            throw new IllegalArgumentException("--geometry shapes the random model; with --model-dir " + modelDir
                    + " the folder's config does: give one of them");
        }
        if (preprocessImages != null && preprocessSeconds <= 0) {
            throw new IllegalArgumentException("--preprocess-images is for the decode + preprocess figures, which "
                    + "--preprocess-seconds " + preprocessSeconds + " skips: give a positive time or leave it out");
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
        }
        String randomGeometry = geometry != null ? geometry : DEFAULT_GEOMETRY;
        pixelCheck.check();
        int intra = DecomposeSettings.threadsPerSubtask(threads, 1, false);
        DjlRuntime.configureThreads(intra, 1);
        Device d = DjlRuntime.device(device);
        if (!Device.Type.CPU.equals(d.getDeviceType()) && pipelineImages > 0) {
            // the pipeline figure would be a CPU rate divided into GPU ones
            throw new IllegalArgumentException("the end-to-end pipeline figure runs on the CPU; with --device "
                    + device + " give --pipeline-images 0");
        }
        int fewest = PipelineBenchmark.fewestImages(batchSize);
        if (pipelineImages > 0 && pipelineImages < fewest) {
            // timed after its first batch, a pipeline of a batch or two measures start-up noise, not throughput
            throw new IllegalArgumentException("--pipeline-images " + pipelineImages + " is too few for a pipeline "
                    + "figure: it needs at least " + fewest + " (" + MeasuredRate.STEADY_BATCHES + " batches of "
                    + batchSize + "), or 0 to skip it");
        }
        Path dir = modelDir != null ? modelDir.toAbsolutePath().normalize() : null;
        String name = dir != null ? dir.getFileName().toString() : randomGeometry + " (random weights)";
        BenchmarkResult result;
        Map<String, Object> figures;
        Path work = Files.createTempDirectory("clipdecomp-bench");
        try {
            Path folder;
            ClipConfig modelConfig;
            try (ClipModel model = dir != null ? ClipModel.load(dir, d)
                    : ClipModel.random(ClipGeometries.named(randomGeometry), 1, d)) {
                modelConfig = model.config();
                result = new DecompositionBenchmark(model, batchSize, seconds, System.err::println).run(name, intra);
                // the pipeline's operator loads its model from a folder, as on a cluster
                folder = dir != null || pipelineImages == 0 ? dir
                        : ModelFolder.save(work.resolve("model"), model.weights(), null).dir();
            }
            figures = result.asMap();
            figures.put("device", d.toString());
            figures.put("secondsPerFigure", seconds);
            figures.put("pixelsAsPillow", DecoderSelfCheck.problem().isEmpty());
            if (preprocessSeconds > 0) {
                figures.putAll(preprocessFigures(modelConfig, work, result));
            }
            if (pipelineImages > 0) {
                // bench images are decoded already: the image limits play no part
                DecompositionJob.Settings settings = DecompositionJob.Settings.of(ModelFolder.open(folder), "bench",
                        device, intra, batchSize, DecomposeSettings.DEFAULT_FLUSH_MILLIS, pixelCheck.strict,
                        ImageLimits.defaults());
                double pipeline = new PipelineBenchmark(settings, System.err::println).run(pipelineImages, work);
                figures.put("pipelineImagesPerSecond", pipeline);
                figures.put("ratioPipelineToDecomposition", pipeline / result.decompositionImages().perSecond());
            }
            if (textspanImages > 0) {
                try (NDManager manager = NDManager.newBaseManager(d)) {
                    figures.putAll(TextSpanBenchmark.vitH14(System.err::println).run(manager, textspanImages));
                }
            }
        } finally {
            FileTrees.delete(work);
        }
        for (Map.Entry<String, Object> e : figures.entrySet()) {
            Object v = e.getValue();
            System.out.printf("%-48s %s%n", e.getKey(), v instanceof Double x ? String.format("%.3f", x) : v);
        }
        DecoderSelfCheck.problem().ifPresent(p -> System.out.println("pixels: " + p));
        Path json = output.create().resolve("bench_" + (modelDir != null ? name : randomGeometry) + ".json");
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(figures) + "\n",
                StandardCharsets.UTF_8);
        System.out.println("wrote " + json);
        return 0;
    }

    /** Decode + preprocess rates of one thread, and each over the model's forward rate. */
    private Map<String, Object> preprocessFigures(ClipConfig config, Path work, BenchmarkResult result)
            throws IOException {
        List<Path> images = PreprocessBenchmark.images(preprocessImages != null ? preprocessImages
                : work.resolve("preprocess-images"));
        Map<String, Object> rates = new PreprocessBenchmark(ClipImagePreprocessor.forModel(config), preprocessSeconds,
                System.err::println).run(images);
        Map<String, Object> figures = new LinkedHashMap<>(rates);
        for (Map.Entry<String, Object> e : rates.entrySet()) {
            if (e.getKey().endsWith(".cpuImagesPerSecond")) {
                figures.put(e.getKey().replace(".cpuImagesPerSecond", ".oneThreadToForward"),
                        (Double) e.getValue() / result.forwardImages().perSecond());
            }
        }
        return figures;
    }
}
