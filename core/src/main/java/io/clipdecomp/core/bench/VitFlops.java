package io.clipdecomp.core.bench;

import io.clipdecomp.core.model.VisionConfig;

/** Multiply-add count of a ViT image forward pass, counted as 2 FLOP each (matrix products only). */
public final class VitFlops {
    private VitFlops() {
    }

    /** FLOP of one image through the image tower: patch embedding, attention and MLP products, projection. */
    public static double perImage(VisionConfig v, int embedDim) {
        double n = v.tokens();
        double d = v.width();
        double patches = n - 1;
        double patchEmbed = 2 * patches * 3.0 * v.patchSize() * v.patchSize() * d;
        double qkv = 2 * n * d * 3 * d;
        double scoresAndValues = 2 * 2 * n * n * d;
        double out = 2 * n * d * d;
        double mlp = 2 * 2 * n * d * v.mlpWidth();
        return patchEmbed + v.layers() * (qkv + scoresAndValues + out + mlp) + 2 * d * embedDim;
    }
}
