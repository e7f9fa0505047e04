package io.clipdecomp.core.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One benchmark run's measurements and the ratios between them; rates are per second, each with its batches and
 * their spread.
 *
 * @param machine cores and memory of the machine, as the JVM sees them
 * @param geometry the model's name or geometry
 * @param batchSize images per forward pass
 * @param threads PyTorch intra-op threads
 * @param matmulGflops the machine's float32 matrix-multiply rate through DJL
 * @param gflopPerImage FLOP of one image forward pass (matrix products)
 * @param forwardImages plain image forward passes
 * @param decompositionImages forward + per-head, MLP and class-token terms
 * @param spatialImages forward + per-token terms [L, N, H, d]
 * @param segmentationImages forward + per-token class-contrast scores summed into a patch map (segment's model path)
 * @param textEncodings text embeddings of short prompts
 */
public record BenchmarkResult(String machine, String geometry, int batchSize, int threads, double matmulGflops,
                              double gflopPerImage, MeasuredRate forwardImages, MeasuredRate decompositionImages,
                              MeasuredRate spatialImages, MeasuredRate segmentationImages,
                              MeasuredRate textEncodings) {

    /** Images per second if the forward pass ran at the measured matrix-multiply rate. */
    public double flopBoundImages() {
        return matmulGflops / gflopPerImage;
    }

    /** Named figures and ratios, in print order. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", machine);
        m.put("model", geometry);
        m.put("batchSize", batchSize);
        m.put("threads", threads);
        m.put("matmulGflopPerSecond", matmulGflops);
        m.put("gflopPerImage", gflopPerImage);
        m.put("flopBoundImagesPerSecond", flopBoundImages());
        put(m, "forwardImagesPerSecond", "forward", forwardImages);
        put(m, "decompositionImagesPerSecond", "decomposition", decompositionImages);
        put(m, "spatialDecompositionImagesPerSecond", "spatialDecomposition", spatialImages);
        put(m, "segmentationImagesPerSecond", "segmentation", segmentationImages);
        put(m, "textEncodingsPerSecond", "textEncoding", textEncodings);
        double forward = forwardImages.perSecond();
        m.put("ratioForwardToFlopBound", forward / flopBoundImages());
        m.put("ratioDecompositionToForward", decompositionImages.perSecond() / forward);
        m.put("ratioSpatialToForward", spatialImages.perSecond() / forward);
        m.put("ratioSegmentationToForward", segmentationImages.perSecond() / forward);
        return m;
    }

    private static void put(Map<String, Object> m, String key, String name, MeasuredRate rate) {
        m.put(key, rate.perSecond());
        m.put(name + "Batches", rate.batches());
        m.put(name + "SpreadPercent", rate.spreadPercent());
    }
}
