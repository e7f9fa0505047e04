package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceMapsTest {

    @Test
    void theCentreBlobPeaksInTheMiddleAndIsSymmetric() {
        float[] blob = ReferenceMaps.centreBlob(4);
        // tokens 5, 6, 9, 10 are the four middle ones of a 4 x 4 grid, at distance sqrt(0.5) from the centre
        assertEquals((float) Math.exp(-0.5 / 2), blob[5], 1e-7f);
        assertEquals(blob[5], blob[10]);
        assertEquals(blob[0], blob[15]);
        assertEquals(blob[3], blob[12]);
        assertTrue(blob[0] < blob[1] && blob[1] < blob[5]);
    }

    @Test
    void maskCoverageIsEachPatchsShareOfForeground() {
        ClipConfig config = TestModels.tiny(); // 16 px, patch 4: a 4 x 4 grid
        try (ClipModel model = TestModels.random(config, 1)) {
            PatchMapper coverage = ReferenceMaps.named("mask-coverage", model);
            byte[] labels = new byte[16 * 16];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    labels[y * 16 + x] = 1; // all of patch 0
                }
            }
            labels[5 * 16 + 6] = 1; // one pixel of patch (1, 1)
            List<PatchMap> maps = coverage.patchMaps(List.of(new float[0]), List.of(LabelMask.of(16, 16, labels)));
            float[] expected = new float[16];
            expected[0] = 1;
            expected[5] = 1f / 16;
            assertArrayEquals(expected, maps.get(0).values(), 1e-7f);
            assertEquals(-1, maps.get(0).predictedClass());
        }
    }

    @Test
    void classTokenAttentionIsADistributionOverTheImageTokensLessTheClassTokensOwnShare() {
        ClipConfig config = TestModels.tiny();
        try (ClipModel model = TestModels.random(config, 2)) {
            PatchMapper attention = ReferenceMaps.named("cls-attention", model);
            List<PatchMap> maps = attention.patchMaps(List.of(TestModels.pixels(config, 1), TestModels.pixels(config, 2)),
                    List.of());
            for (PatchMap map : maps) {
                double sum = 0;
                for (float v : map.values()) {
                    assertTrue(v > 0 && v < 1, "attention " + v);
                    sum += v;
                }
                assertTrue(sum > 0 && sum < 1, "the class token keeps a share for itself: " + sum);
            }
            assertTrue(maps.get(0).values()[0] != maps.get(1).values()[0], "each image has its own map");
        }
    }

    @Test
    void unknownNamesAreRefused() {
        try (ClipModel model = TestModels.random(TestModels.tiny(), 3)) {
            assertThrows(IllegalArgumentException.class, () -> ReferenceMaps.named("oracle", model));
        }
    }
}
