package io.clipdecomp.core.describe;

import java.util.List;

/**
 * What one head contributes to an image, in texts.
 *
 * @param layer l, from 0
 * @param head h, from 0
 * @param norm the L2 norm of the head's contribution c
 * @param spanShare the share of ‖c‖² inside the span of the head's texts, or null without a basis
 * @param texts the best texts by score, highest first
 */
public record HeadDescription(int layer, int head, double norm, Double spanShare, List<TextScore> texts) {
}
