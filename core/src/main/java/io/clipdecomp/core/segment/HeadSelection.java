package io.clipdecomp.core.segment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The attention heads whose terms a map sums: every head, or a list of (layer, head) pairs. */
public final class HeadSelection {
    /** One head, by 0-based layer and head index. */
    public record Head(int layer, int head) {
        @Override
        public String toString() {
            return layer + "." + head;
        }
    }

    private static final HeadSelection ALL = new HeadSelection(null);

    private final Set<Head> heads; // null: every head

    private HeadSelection(Set<Head> heads) {
        this.heads = heads;
    }

    /** Every head of every layer. */
    public static HeadSelection all() {
        return ALL;
    }

    /**
     * Heads written {@code l.h,l.h,...} (0-based layer and head, as the original's head lists), e.g. {@code 10.3,11.0}.
     *
     * @throws IllegalArgumentException naming the entry that is not a pair of non-negative integers, or a repeated one
     */
    public static HeadSelection parse(String text) {
        Set<Head> heads = new LinkedHashSet<>();
        for (String entry : text.split(",", -1)) {
            String e = entry.trim();
            int dot = e.indexOf('.');
            Head head;
            try {
                if (dot < 0) {
                    throw new NumberFormatException();
                }
                head = new Head(Integer.parseInt(e.substring(0, dot)), Integer.parseInt(e.substring(dot + 1)));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("head '" + e + "' is not LAYER.HEAD (e.g. 10.3) in '" + text + "'");
            }
            if (head.layer() < 0 || head.head() < 0) {
                throw new IllegalArgumentException("head '" + e + "' has a negative index in '" + text + "'");
            }
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
    public List<Head> heads() {
        return heads == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(heads));
    }

    /** Whether head {@code head} of layer {@code layer} is selected. */
    public boolean includes(int layer, int head) {
        return heads == null || heads.contains(new Head(layer, head));
    }

    /** Throws, naming the head, if a listed head is not in a model of {@code layers} layers of {@code headsPerLayer}. */
    public void checkFits(int layers, int headsPerLayer) {
        if (heads == null) {
            return;
        }
        for (Head h : heads) {
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
