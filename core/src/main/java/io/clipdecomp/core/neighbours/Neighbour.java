package io.clipdecomp.core.neighbours;

/**
 * One image of a top-K list.
 *
 * @param rank 1 for the highest score
 * @param index the image's row in the dataset (or in the decomposition files)
 * @param score its score against the query
 */
public record Neighbour(int rank, long index, double score) {
}
