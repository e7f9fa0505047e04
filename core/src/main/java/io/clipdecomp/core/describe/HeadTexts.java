package io.clipdecomp.core.describe;

/**
 * The texts one head is described by: its TextSpan picks, in the order they were picked.
 *
 * @param layer l, from 0
 * @param head h, from 0
 * @param indices lines of the text set
 */
public record HeadTexts(int layer, int head, int[] indices) {
    public HeadTexts {
        indices = indices.clone();
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }
}
