package io.clipdecomp.jobs.cli;

import picocli.CommandLine.Option;

/** The original TextSpan's parameters, with its defaults: shared by {@code textspan} and {@code stream}. */
public final class TextSpanParameters {

    @Option(names = "--texts-per-head", defaultValue = "10", paramLabel = "K",
            description = "Texts picked per head (default: ${DEFAULT-VALUE}).")
    int textsPerHead;

    @Option(names = "--num-of-last-layers", defaultValue = "8", paramLabel = "N",
            description = "Layers, counted from the last, whose heads get texts; earlier heads are mean-ablated "
                    + "(default: ${DEFAULT-VALUE}).")
    int lastLayers;

    @Option(names = "--w-ov-rank", defaultValue = "80", paramLabel = "R",
            description = "Top right singular vectors of a head's data the texts are projected onto "
                    + "(default: ${DEFAULT-VALUE}).")
    int rank;

    /** Checks the layer count against a model of {@code layers} layers. */
    void requireLayers(int layers) {
        if (lastLayers < 1 || lastLayers > layers) {
            throw new IllegalArgumentException("--num-of-last-layers must be within 1.." + layers
                    + " (the model's layers), got " + lastLayers);
        }
    }
}
