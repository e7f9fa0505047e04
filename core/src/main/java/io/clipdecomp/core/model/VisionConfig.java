package io.clipdecomp.core.model;

/**
 * Geometry of a CLIP ViT image tower, in OpenCLIP's {@code vision_cfg} terms.
 *
 * @param imageSize side of the square input, pixels
 * @param patchSize side of a square patch, pixels
 * @param width residual width D
 * @param layers number of residual blocks L
 * @param headWidth width of one attention head; heads H = width / headWidth
 * @param mlpRatio MLP hidden width / D
 */
public record VisionConfig(int imageSize, int patchSize, int width, int layers, int headWidth, double mlpRatio) {

    public VisionConfig {
        ConfigChecks.positive("vision_cfg.image_size", imageSize);
        ConfigChecks.positive("vision_cfg.patch_size", patchSize);
        ConfigChecks.positive("vision_cfg.width", width);
        ConfigChecks.positive("vision_cfg.layers", layers);
        ConfigChecks.positive("vision_cfg.head_width", headWidth);
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException("vision_cfg.image_size " + imageSize
                    + " is not a multiple of patch_size " + patchSize);
        }
        if (width % headWidth != 0) {
            throw new IllegalArgumentException("vision_cfg.width " + width
                    + " is not a multiple of head_width " + headWidth);
        }
        ConfigChecks.mlpWidth("vision_cfg", width, mlpRatio);
    }

    /** Attention heads per layer, H. */
    public int heads() {
        return width / headWidth;
    }

    /** Patches per side. */
    public int grid() {
        return imageSize / patchSize;
    }

    /** Tokens N: one class token plus grid² patches. */
    public int tokens() {
        return 1 + grid() * grid();
    }

    /** Hidden width of the MLP. */
    public int mlpWidth() {
        return (int) (width * mlpRatio);
    }
}
