package io.clipdecomp.core.decompose;

import io.clipdecomp.core.model.ClipConfig;
import java.io.Serializable;

/**
 * The dimensions of a model's decomposition: L layers, H heads, N tokens, d embedding dims.
 *
 * @param layers L
 * @param heads H
 * @param tokens N, the class token included
 * @param dim d
 */
public record DecompositionShape(int layers, int heads, int tokens, int dim) implements Serializable {

    /** The shape of a model's decomposition. */
    public static DecompositionShape of(ClipConfig config) {
        return new DecompositionShape(config.vision().layers(), config.vision().heads(), config.vision().tokens(),
                config.embedDim());
    }
}
