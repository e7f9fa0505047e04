package io.clipdecomp.core.heatmap;

import static io.clipdecomp.core.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipdecomp.core.Tolerances;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The raw patch-by-text map against the spatial terms of {@code decompose --spatial}, summed and dotted plainly. */
class PatchTextMapTest {

    @Test
    void equalsTheSpatialTermsSummedAndDottedWithUnitTexts() {
        ClipConfig config = TestModels.tiny(); // 4x4 patches, 2 layers, 3 heads, d = 12
        int d = config.embedDim();
        float[][] texts = new float[3][d];
        for (int t = 0; t < texts.length; t++) {
            double n = 0;
            for (int j = 0; j < d; j++) {
                texts[t][j] = (float) Math.cos(0.9 * t + 0.4 * j + 0.1 * t * j);
                n += texts[t][j] * texts[t][j];
            }
            for (int j = 0; j < d; j++) {
                texts[t][j] /= (float) Math.sqrt(n);
            }
        }
        try (ClipModel model = TestModels.random(config, 17); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            float[] px = TestModels.pixels(config, 6);
            ImageDecomposition spatial = decomposer.decompose(List.of(px), DecompositionOptions.SPATIAL).get(0);
            ImageDecomposition scored = decomposer.decompose(List.of(px), new DecompositionOptions(false, texts)).get(0);
            int layers = spatial.layers();
            int tokens = spatial.tokens();
            PatchTextMap all = PatchTextMap.of(scored, null);
            assertEquals(4, all.grid());
            assertClose("all heads", plain(spatial, texts, null), all.values(), Tolerances.VS_PLAIN);
            HeadIndex one = new HeadIndex(1, 2);
            assertClose("head 1.2", plain(spatial, texts, one), PatchTextMap.of(scored, one).values(),
                    Tolerances.VS_PLAIN);
            double[] contrast = all.contrast(1);
            for (int p = 0; p < tokens - 1; p++) {
                double mean = (all.values()[p * 3] + all.values()[p * 3 + 1] + all.values()[p * 3 + 2]) / 3.0;
                assertEquals(all.values()[p * 3 + 1] - mean, contrast[p], 1e-6);
                assertEquals(all.values()[p * 3 + 2], all.text(2)[p], 0);
            }
            assertThrows(IllegalArgumentException.class, () -> PatchTextMap.of(scored, new HeadIndex(layers, 0)));
            assertThrows(IllegalArgumentException.class, () -> PatchTextMap.of(spatial, null), "no text scores");
        }
    }

    /** Σ over layers and heads (or one head) of spatial[l, 1 + p, h, :] · text, per patch p and text. */
    private static double[] plain(ImageDecomposition r, float[][] texts, HeadIndex only) {
        int d = r.dim();
        int patches = r.tokens() - 1;
        double[] out = new double[patches * texts.length];
        for (int l = 0; l < r.layers(); l++) {
            for (int p = 0; p < patches; p++) {
                for (int h = 0; h < r.heads(); h++) {
                    if (only != null && (only.layer() != l || only.head() != h)) {
                        continue;
                    }
                    int o = ((l * r.tokens() + p + 1) * r.heads() + h) * d;
                    for (int t = 0; t < texts.length; t++) {
                        for (int j = 0; j < d; j++) {
                            out[p * texts.length + t] += r.spatial()[o + j] * texts[t][j];
                        }
                    }
                }
            }
        }
        return out;
    }
}
