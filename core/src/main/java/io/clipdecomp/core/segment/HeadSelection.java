package io.clipdecomp.core.segment;

import io.clipdecomp.core.analysis.HeadIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The attention heads whose terms a map sums: every head, or a list of (layer, head) pairs. */
public final class HeadSelection {
    private static final HeadSelection ALL = new HeadSelection(null);

    private final Set<HeadIndex> heads; // null: every head

    private HeadSelection(Set<HeadIndex> heads) {
        this.heads = heads;
    }

    /** Every head of every layer. */
    public static HeadSelection all() {
        return ALL;
    }

    /**
     * Heads written {@code l.h,l.h,...} (0-based layer and head, as the original's head lists), e.g. {@code 10.3,11.0}.
     *
     * @throws IllegalArgumentException naming the entry that is not a head, or a repeated one
     */
    public static HeadSelection parse(String text) {
        Set<HeadIndex> heads = new LinkedHashSet<>();
        for (String entry : text.split(",", -1)) {
            HeadIndex head = HeadIndex.parse(entry);
            if (!heads.add(head)) {
                throw new IllegalArgumentException("head " + head + " is listed twice in '" + text + "'");
            }
        }
        return new HeadSelection(heads);
    }

    /** Whether every head is selected. */
    public boolean isAll() {
        return heads == null;
    }

    /** The listed heads in the order given; empty for {@link #all()}. */
    public List<HeadIndex> heads() {
        return heads == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(heads));
    }

    /** Whether head {@code head} of layer {@code layer} is selected. */
    public boolean includes(int layer, int head) {
        return heads == null || heads.contains(new HeadIndex(layer, head));
    }

    /** Throws, naming the head, if a listed head is not in a model of {@code layers} layers of {@code headsPerLayer}. */
    public void checkFits(int layers, int headsPerLayer) {
        if (heads == null) {
            return;
        }
        for (HeadIndex h : heads) {
            if (h.layer() >= layers || h.head() >= headsPerLayer) {
                throw new IllegalArgumentException("head " + h + " is not in the model: it has layers 0-" + (layers - 1)
                        + " with heads 0-" + (headsPerLayer - 1));
            }
        }
    }

    @Override
    public String toString() {
        return heads == null ? "all heads" : heads.toString();
    }
}
