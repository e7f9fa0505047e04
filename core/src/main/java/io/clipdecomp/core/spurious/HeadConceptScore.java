package io.clipdecomp.core.spurious;

import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.textspan.HeadTextSpan;

/**
 * One head's concept score (see {@link ConceptHeadRanking}) with the TextSpan picks it comes from.
 *
 * @param layer the head's layer
 * @param head the head's index in its layer
 * @param score share of the head's centered variance that its TextSpan basis places along the concept texts
 * @param span the head's TextSpan
 * @param alignments per pick, the squared cosine of its direction with the concept span
 * @param nearestConcepts per pick, the index of the concept text nearest to it
 */
public record HeadConceptScore(int layer, int head, double score, HeadTextSpan span, double[] alignments,
                               int[] nearestConcepts) {

    /** The head as (layer, head). */
    public HeadIndex index() {
        return new HeadIndex(layer, head);
    }

    /** Pick {@code i}'s share of the head's variance times its alignment with the concepts. */
    public double alignedShare(int i) {
        return span.varianceShares()[i] * alignments[i];
    }
}
