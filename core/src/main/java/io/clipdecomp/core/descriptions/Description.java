package io.clipdecomp.core.descriptions;

/**
 * One description with where it came from.
 *
 * @param text  the description, printable ASCII, at most {@link CandidatePool#MAX_WORDS} words
 * @param group the group it was made in (a category of the general world, an attribute kind of the shapes world)
 * @param head  the word it is about; the selection caps how often one head appears
 */
public record Description(String text, String group, String head) {
}
