package io.clipdecomp.core.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One benchmark run's measurements and the ratios between them; rates are per second.
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
                              double gflopPerImage, double forwardImages, double decompositionImages,
                              double spatialImages, double segmentationImages, double textEncodings) {

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
        m.put("forwardImagesPerSecond", forwardImages);
        m.put("decompositionImagesPerSecond", decompositionImages);
        m.put("spatialDecompositionImagesPerSecond", spatialImages);
        m.put("segmentationImagesPerSecond", segmentationImages);
        m.put("textEncodingsPerSecond", textEncodings);
        m.put("ratioForwardToFlopBound", forwardImages / flopBoundImages());
        m.put("ratioDecompositionToForward", decompositionImages / forwardImages);
        m.put("ratioSpatialToForward", spatialImages / forwardImages);
        m.put("ratioSegmentationToForward", segmentationImages / forwardImages);
        return m;
    }
}
