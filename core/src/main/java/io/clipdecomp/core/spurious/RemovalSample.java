package io.clipdecomp.core.spurious;

import java.io.Serializable;

/**
 * One image reduced to what {@link HeadRemoval} scores: its group, its full representation, and per head set the
 * kept layers' heads summed without the set's (the means of everything removed are added at scoring time).
 *
 * @param group 2 y + place
 * @param baseline Σ heads + Σ MLPs [d]
 * @param keptMinusRemoved per head set [d]
 */
public record RemovalSample(int group, double[] baseline, double[][] keptMinusRemoved) implements Serializable {
}
