package io.clipdecomp.core.describe;

/**
 * One text's score in a description.
 *
 * @param index the text's line in its text set, from 0
 * @param score the cosine with the image embedding (overall) or the dot product with a head's contribution
 * @param coefficient the head's contribution along this text's orthogonalised direction, or null where the
 *     description projects onto a whole text set (no basis) or overall
 */
public record TextScore(int index, double score, Double coefficient) {
}
