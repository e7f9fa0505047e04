package io.clipdecomp.core.decompose;

/**
 * An input left out of a run, and why.
 *
 * @param index its position in the dataset
 * @param id its file or record id
 * @param reason what was wrong with it
 */
public record SkippedImage(int index, String id, String reason) {
}
