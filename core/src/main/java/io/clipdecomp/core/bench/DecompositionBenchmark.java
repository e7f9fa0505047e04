package io.clipdecomp.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.segment.HeadSelection;
import io.clipdecomp.core.segment.ZeroShotSegmenter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Measures, in one run on one machine, the matrix-multiply rate and the throughput of the plain forward
 * pass, the decomposition, the per-token decomposition, the segmentation maps and text encoding, so their ratios
 * are comparable.
 */
public final class DecompositionBenchmark {
    /** Images per forward pass unless told otherwise ({@code bench}'s default). */
    public static final int DEFAULT_BATCH = 8;
    /** Classes of the benchmark's random classifier: ImageNet's, as the segmentation protocol uses. */
    private static final int SEGMENTATION_CLASSES = 1000;

    private final ClipModel model;
    private final int batchSize;
    private final double secondsPerMeasure;
    private final Consumer<String> log;

    /**
     * @param secondsPerMeasure minimum timed seconds per figure (after one warm-up batch)
     * @param log progress lines
     */
    public DecompositionBenchmark(ClipModel model, int batchSize, double secondsPerMeasure, Consumer<String> log) {
        this.model = model;
        this.batchSize = batchSize;
        this.secondsPerMeasure = secondsPerMeasure;
        this.log = log;
    }

    /** Runs every measurement; {@code geometry} and {@code threads} are recorded in the result. */
    public BenchmarkResult run(String geometry, int threads) {
        double gflops = matmulRate();
        log.accept(String.format("matrix multiply: %.1f GFLOP/s", gflops));
        List<float[]> pixels = randomImages();
        MeasuredRate forward;
        MeasuredRate decomposition;
        MeasuredRate spatial;
        MeasuredRate segmentation;
        try (ImageDecomposer decomposer = new ImageDecomposer(model)) {
            forward = rate("plain forward", batchSize, i -> decomposer.embed(pixels));
            decomposition = rate("decomposition", batchSize,
                    i -> decomposer.decompose(pixels, DecompositionOptions.HEADS));
            spatial = rate("per-token decomposition", batchSize,
                    i -> decomposer.decompose(pixels, DecompositionOptions.SPATIAL));
            ZeroShotSegmenter segmenter = new ZeroShotSegmenter(decomposer, randomClasses(), HeadSelection.all());
            segmentation = rate("segmentation maps", batchSize, i -> segmenter.patchMaps(pixels));
        }
        MeasuredRate text = textRate();
        String machine = Runtime.getRuntime().availableProcessors() + " cores, "
                + Math.round(Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024)) + " GiB JVM heap";
        return new BenchmarkResult(machine, geometry, batchSize, threads, gflops,
                VitFlops.perImage(model.config().vision(), model.config().embedDim()) / 1e9, forward,
                decomposition, spatial, segmentation, text);
    }

    /** Best float32 GFLOP/s of square products of the model's width scale, through DJL. */
    private double matmulRate() {
        int n = 1024;
        double best = 0;
        try (NDManager m = model.newBatchManager()) {
            NDArray a = m.randomNormal(new ai.djl.ndarray.types.Shape(n, n));
            NDArray b = m.randomNormal(new ai.djl.ndarray.types.Shape(n, n));
            a.matMul(b).close();
            long deadline = System.nanoTime() + (long) (Math.max(2, secondsPerMeasure / 3) * 1e9);
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.toFloatArray();
                long dt = System.nanoTime() - t0;
                c.close();
                best = Math.max(best, 2.0 * n * n * n / (dt / 1e9) / 1e9);
            }
        }
        return best;
    }

    private MeasuredRate textRate() {
        int ctx = model.config().text().contextLength();
        int vocab = model.config().text().vocabSize();
        SplittableRandom r = new SplittableRandom(3);
        long[][] ids = new long[batchSize * 8][ctx];
        for (long[] row : ids) {
            int len = 8 + r.nextInt(8); // a short prompt: start, words, end
            row[0] = vocab - 2;
            for (int i = 1; i < len; i++) {
                row[i] = r.nextInt(vocab - 2);
            }
            row[len] = vocab - 1;
        }
        return rate("text encoding", ids.length, i -> {
            try (NDManager m = model.newBatchManager()) {
                model.text().encode(m, ids).toFloatArray();
            }
        });
    }

    /**
     * Items per second of {@code work} (one call = {@code itemsPerCall} items), after one warm-up call, over at least
     * two calls and the measure's seconds; a figure of fewer than {@link MeasuredRate#STEADY_BATCHES} calls is
     * flagged in the log.
     */
    private MeasuredRate rate(String what, int itemsPerCall, IntConsumer work) {
        work.accept(-1);
        long start = System.nanoTime();
        List<Long> times = new ArrayList<>();
        while (times.size() < 2 || System.nanoTime() - start < secondsPerMeasure * 1e9) {
            long t0 = System.nanoTime();
            work.accept(times.size());
            times.add(System.nanoTime() - t0);
        }
        MeasuredRate rate = MeasuredRate.of(times.stream().mapToLong(Long::longValue).toArray(), itemsPerCall);
        log.accept(String.format("%s: %.2f /s (%d calls of %d, spread %.1f%%)", what, rate.perSecond(),
                rate.batches(), itemsPerCall, rate.spreadPercent()));
        if (!rate.steady()) {
            log.accept(String.format("%s rests on %d batches only (fewer than %d): a rough figure; raise --seconds",
                    what, rate.batches(), MeasuredRate.STEADY_BATCHES));
        }
        return rate;
    }

    private float[][] randomClasses() {
        SplittableRandom r = new SplittableRandom(11);
        float[][] classes = new float[SEGMENTATION_CLASSES][model.config().embedDim()];
        for (float[] c : classes) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) r.nextDouble(-1, 1);
            }
        }
        return classes;
    }

    private List<float[]> randomImages() {
        int s = model.config().vision().imageSize();
        SplittableRandom r = new SplittableRandom(7);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            float[] p = new float[3 * s * s];
            for (int j = 0; j < p.length; j++) {
                p[j] = (float) (r.nextDouble() * 4 - 2);
            }
            images.add(p);
        }
        return images;
    }
}
