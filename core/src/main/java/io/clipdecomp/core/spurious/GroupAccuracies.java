package io.clipdecomp.core.spurious;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-1 accuracy per (y, place) group and overall, as compute_use_specific_heads.py's {@code full_accuracy}
 * computes it: percent, (correct / n) * 100; the worst group is the lowest of the four (the original leaves that
 * to the reader). A group without images has no accuracy (the original would divide by zero) and is not a
 * candidate for the worst.
 *
 * @param images images per group, index {@code 2 y + place}
 * @param hits correct predictions per group
 */
public record GroupAccuracies(long[] images, long[] hits) implements Serializable {
    /** Group names in index order, as the original's dict keys: "(y, place)". */
    public static final List<String> GROUPS = List.of("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)");
    /** The key of the accuracy over all images. */
    public static final String FULL = "full";
    /** The key of the worst group's accuracy. */
    public static final String WORST = "worst";

    public GroupAccuracies {
        if (images.length != GROUPS.size() || hits.length != GROUPS.size()) {
            throw new IllegalArgumentException("one count per group (" + GROUPS.size() + ") expected");
        }
        images = images.clone();
        hits = hits.clone();
    }

    @Override
    public long[] images() {
        return images.clone();
    }

    @Override
    public long[] hits() {
        return hits.clone();
    }

    /** Accuracy (percent) of group {@code g}, or null without images in it. */
    public Double group(int g) {
        return images[g] == 0 ? null : percent(hits[g], images[g]);
    }

    /** Accuracy (percent) over all images. */
    public double full() {
        long n = 0;
        long c = 0;
        for (int g = 0; g < GROUPS.size(); g++) {
            n += images[g];
            c += hits[g];
        }
        return percent(c, n);
    }

    /** Index of the group with the lowest accuracy (the first of equals), or -1 if no group has images. */
    public int worstGroup() {
        int worst = -1;
        for (int g = 0; g < GROUPS.size(); g++) {
            if (images[g] > 0 && (worst < 0 || group(g) < group(worst))) {
                worst = g;
            }
        }
        return worst;
    }

    /** The lowest group accuracy (percent), or null if no group has images. */
    public Double worst() {
        int g = worstGroup();
        return g < 0 ? null : group(g);
    }

    /** The four groups, "full" and "worst", in that order (null for an empty group). */
    public Map<String, Double> toMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            m.put(GROUPS.get(g), group(g));
        }
        m.put(FULL, full());
        m.put(WORST, worst());
        return m;
    }

    /** As the original prints its dict: {@code {'(0, 0)': 92.0, ..., 'full': 74.6}} ({@code nan} for an empty group). */
    public String toPythonDict() {
        StringBuilder s = new StringBuilder("{");
        for (int g = 0; g < GROUPS.size(); g++) {
            Double a = group(g);
            s.append('\'').append(GROUPS.get(g)).append("': ").append(a == null ? "nan" : a.toString()).append(", ");
        }
        return s.append('\'').append(FULL).append("': ").append(full()).append('}').toString();
    }

    private static double percent(long correct, long n) {
        return n == 0 ? 0 : (double) correct / n * 100;
    }
}
