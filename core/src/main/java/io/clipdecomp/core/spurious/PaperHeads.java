package io.clipdecomp.core.spurious;

import io.clipdecomp.core.analysis.HeadIndex;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The heads compute_use_specific_heads.py mean-ablates on Waterbirds, chosen by hand from their TextSpan texts
 * ("geolocation" and "location/setting" heads), for the three models it knows (spec §10), in its order: the
 * geolocation list, then the setting list, each head once.
 */
public final class PaperHeads {
    /** The model names the original has lists for. */
    public static final List<String> MODELS = List.of("ViT-B-16", "ViT-L-14", "ViT-H-14");

    private static final Map<String, int[][]> GEO = Map.of(
            "ViT-B-16", new int[][] {{11, 6}, {11, 0}},
            "ViT-L-14", new int[][] {{21, 1}, {22, 12}, {22, 13}, {21, 11}, {21, 14}, {23, 6}},
            "ViT-H-14", new int[][] {{31, 8}, {30, 15}, {30, 12}, {30, 6}, {29, 14}, {29, 8}});
    private static final Map<String, int[][]> SETTING = Map.of(
            "ViT-B-16", new int[][] {{11, 3}, {10, 11}, {10, 10}, {9, 8}, {9, 6}},
            "ViT-L-14", new int[][] {{21, 3}, {21, 6}, {21, 8}, {21, 13}, {22, 2}, {22, 12}, {22, 15}, {23, 1},
                {23, 3}, {23, 5}},
            "ViT-H-14", new int[][] {{31, 12}, {30, 11}, {29, 4}});

    private PaperHeads() {
    }

    /** The list for {@code model} (one of {@link #MODELS}, as the original spells them); any other is refused. */
    public static List<HeadIndex> forModel(String model) {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("the original has hand-picked heads only for " + String.join(", ", MODELS)
                    + ", not for model '" + model + "'; give --heads l.h,... or choose them with --auto K");
        }
        LinkedHashSet<HeadIndex> heads = new LinkedHashSet<>();
        for (int[][] list : List.of(GEO.get(model), SETTING.get(model))) {
            for (int[] lh : list) {
                heads.add(new HeadIndex(lh[0], lh[1]));
            }
        }
        return new ArrayList<>(heads);
    }
}
