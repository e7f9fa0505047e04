package io.clipdecomp.jobs.operators;

import java.io.Serializable;

/**
 * What the job computes from the decompositions beyond running means, each part off when null.
 *
 * @param textSpan per-head moments and TextSpan results, or null
 * @param classifierFile a zero-shot classifier [d, C] (.npy, as text-project writes it) for mean-ablation reports
 *     on labelled images, or null
 */
public record AnalysisSettings(TextSpanSettings textSpan, String classifierFile) implements Serializable {
    /** Neither TextSpan nor ablation reports. */
    public static final AnalysisSettings NONE = new AnalysisSettings(null, null);

    /**
     * TextSpan on a stream: the text set, the original's parameters, and how often results are emitted.
     *
     * @param textSetName the text set's name, carried in the results
     * @param textFile one text per line (as the task managers see it)
     * @param embeddingFile the texts' embeddings [M, d] .npy
     * @param textsPerHead picks per head
     * @param lastLayers layers, counted from the last, whose heads get moments and texts
     * @param rank right singular vectors the texts are projected onto
     * @param every images between two emissions of a head's result
     */
    public record TextSpanSettings(String textSetName, String textFile, String embeddingFile, int textsPerHead,
                                   int lastLayers, int rank, long every) implements Serializable {

        public TextSpanSettings {
            if (textsPerHead < 1 || lastLayers < 1 || rank < 1 || every < 1) {
                throw new IllegalArgumentException("texts per head, last layers, rank and emission interval must be "
                        + "at least 1, got " + textsPerHead + ", " + lastLayers + ", " + rank + ", " + every);
            }
        }
    }
}
