package io.clipdecomp.jobs.operators;

import io.clipdecomp.core.analysis.HeadIndex;
import java.io.Serializable;
import java.util.List;

/**
 * What the job computes from the decompositions beyond running means, each part off when null.
 *
 * @param textSpan per-head moments and TextSpan results, or null
 * @param classifierFile a zero-shot classifier [d, C] (.npy, as text-project writes it) for mean-ablation reports
 *     on labelled images, or null
 * @param spuriousHeads heads to remove for spurious-cue reports on (y, place)-labelled images (needs the
 *     classifier), or empty for none
 */
public record AnalysisSettings(TextSpanSettings textSpan, String classifierFile, List<HeadIndex> spuriousHeads)
        implements Serializable {
    /** Neither TextSpan nor ablation nor spurious-cue reports. */
    public static final AnalysisSettings NONE = new AnalysisSettings(null, null);
    /** Labelled images a spurious-cue report scores at most: the latest ones. */
    public static final int SPURIOUS_WINDOW = 10_000;

    public AnalysisSettings {
        spuriousHeads = List.copyOf(spuriousHeads);
        if (!spuriousHeads.isEmpty() && classifierFile == null) {
            throw new IllegalArgumentException("spurious-cue reports need a classifier");
        }
    }

    /** Settings without spurious-cue reports. */
    public AnalysisSettings(TextSpanSettings textSpan, String classifierFile) {
        this(textSpan, classifierFile, List.of());
    }

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
