package io.clipdecomp.core.analysis;

import java.io.Serializable;

/**
 * The geometry of one image's decomposition terms: L layers, H heads per layer, d embedding dimensions.
 *
 * @param layers L
 * @param heads H
 * @param dim d
 */
public record TermShape(int layers, int heads, int dim) implements Serializable {

    public TermShape {
        if (layers < 1 || heads < 1 || dim < 1) {
            throw new IllegalArgumentException("layers, heads and dim must be positive, got " + layers + ", " + heads
                    + ", " + dim);
        }
    }

    /** Floats of one image's per-head terms, L·H·d. */
    public int headLength() {
        return layers * heads * dim;
    }

    /** Floats of one image's MLP terms, (L+1)·d. */
    public int mlpLength() {
        return (layers + 1) * dim;
    }

    /** Floats of one image's class-token terms, L·d. */
    public int clsLength() {
        return layers * dim;
    }

    /** Offset of head (l, h) within one image's per-head terms. */
    public int headOffset(int layer, int head) {
        return (layer * heads + head) * dim;
    }
}
