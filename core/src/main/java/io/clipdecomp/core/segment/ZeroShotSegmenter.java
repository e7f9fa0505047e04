package io.clipdecomp.core.segment;

import io.clipdecomp.core.decompose.ClassContrastScores;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.model.VisionConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps 1 to 3 of the original segmentation protocol (spec §9): the class predicted from the full embedding, and
 * per image token the score of that class minus the mean over classes, summed over all layers and heads (or the
 * selected ones). The scores come from projecting onto one direction per image inside the decomposition pass
 * ({@link ImageDecomposer#classContrast}); no [L, N, H, d] array exists at any point.
 */
public final class ZeroShotSegmenter implements PatchMapper {
    private final ImageDecomposer decomposer;
    private final float[][] classes;
    private final HeadSelection heads;
    private final VisionConfig vision;

    /**
     * @param classes the classifier's class directions [C][d]
     * @param heads the heads whose terms are summed
     */
    public ZeroShotSegmenter(ImageDecomposer decomposer, float[][] classes, HeadSelection heads) {
        this.decomposer = decomposer;
        this.vision = decomposer.model().config().vision();
        int d = decomposer.model().config().embedDim();
        if (classes.length == 0) {
            throw new IllegalArgumentException("the classifier has no class");
        }
        for (float[] c : classes) {
            if (c.length != d) {
                throw new IllegalArgumentException("the classifier has " + c.length + " dimensions, the model's "
                        + "embedding " + d);
            }
        }
        heads.checkFits(vision.layers(), vision.heads());
        this.classes = classes;
        this.heads = heads;
    }

    /** Tokens per side of the image grid. */
    @Override
    public int grid() {
        return vision.grid();
    }

    /** Pixels per token side: the upsampling factor. */
    @Override
    public int patch() {
        return vision.patchSize();
    }

    /** The patch maps of a batch of images; the decomposition needs no truth. */
    @Override
    public List<PatchMap> patchMaps(List<float[]> pixels, List<LabelMask> truths) {
        return patchMaps(pixels);
    }

    /** The patch maps of a batch of preprocessed images (each [3 * S * S] normalised CHW floats). */
    public List<PatchMap> patchMaps(List<float[]> pixels) {
        List<ClassContrastScores> scored = decomposer.classContrast(pixels, classes);
        List<PatchMap> maps = new ArrayList<>(scored.size());
        for (ClassContrastScores s : scored) {
            maps.add(tokenMap(s, heads, grid()));
        }
        return maps;
    }

    /** One image's token map: its image tokens' contrast scores summed over the selected layers and heads. */
    public static PatchMap tokenMap(ClassContrastScores s, HeadSelection heads, int grid) {
        float[] values = new float[grid * grid];
        for (int p = 0; p < grid * grid; p++) {
            double sum = 0;
            for (int l = 0; l < s.layers(); l++) {
                for (int h = 0; h < s.heads(); h++) {
                    if (heads.includes(l, h)) {
                        sum += s.score(l, p + 1, h); // token 0 is the class token
                    }
                }
            }
            values[p] = (float) sum;
        }
        return new PatchMap(s.predictedClass(), grid, values);
    }
}
