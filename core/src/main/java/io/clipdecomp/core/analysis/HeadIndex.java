package io.clipdecomp.core.analysis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One attention head, (layer, head), both 0-indexed as in the original scripts; written {@code l.h} on the command
 * line.
 *
 * @param layer the layer l
 * @param head the head's index h within its layer
 */
public record HeadIndex(int layer, int head) implements Comparable<HeadIndex>, Serializable {

    public HeadIndex {
        if (layer < 0 || head < 0) {
            throw new IllegalArgumentException("a head's layer and index cannot be negative, got " + layer + "." + head);
        }
    }

    /** Parses {@code l.h}, e.g. {@code 11.3}. */
    public static HeadIndex parse(String text) {
        String t = text.trim();
        int dot = t.indexOf('.');
        try {
            if (dot > 0 && dot == t.lastIndexOf('.')) {
                return new HeadIndex(Integer.parseInt(t.substring(0, dot)), Integer.parseInt(t.substring(dot + 1)));
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("'" + text + "' is not a head; write layer.head, 0-indexed, e.g. 11.3");
    }

    /** Parses {@code l.h,l.h,...}, keeping the first of repeated heads. */
    public static List<HeadIndex> parseList(String text) {
        LinkedHashSet<HeadIndex> heads = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            heads.add(parse(part));
        }
        return new ArrayList<>(heads);
    }

    /** Checks that this head exists in terms of {@code shape}. */
    public void requireIn(TermShape shape) {
        if (layer >= shape.layers() || head >= shape.heads()) {
            throw new IllegalArgumentException("head " + this + " is outside the decomposition's " + shape.layers()
                    + " layers of " + shape.heads() + " heads (layers 0.." + (shape.layers() - 1) + ", heads 0.."
                    + (shape.heads() - 1) + ")");
        }
    }

    @Override
    public int compareTo(HeadIndex o) {
        return layer != o.layer ? Integer.compare(layer, o.layer) : Integer.compare(head, o.head);
    }

    /** {@code l.h}. */
    @Override
    public String toString() {
        return layer + "." + head;
    }
}
