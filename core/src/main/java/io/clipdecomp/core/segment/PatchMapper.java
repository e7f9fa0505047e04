package io.clipdecomp.core.segment;

import java.util.List;

/**
 * Where a token map comes from: the decomposition's class scores, or a reference map to read them against. All go
 * through the same protocol (upsampling, clipping, min-max, mean threshold) and the same metrics.
 */
public interface PatchMapper {

    /** Tokens per side of the map. */
    int grid();

    /** Pixels per token side: the upsampling factor. */
    int patch();

    /**
     * The maps of a batch of images.
     *
     * @param pixels the model inputs, [3 * S * S] normalised CHW floats each
     * @param truths their true masks at S x S, as scored (only an oracle reference reads them)
     */
    List<PatchMap> patchMaps(List<float[]> pixels, List<LabelMask> truths);
}
