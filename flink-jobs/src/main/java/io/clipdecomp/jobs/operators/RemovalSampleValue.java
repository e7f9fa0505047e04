package io.clipdecomp.jobs.operators;

import io.clipdecomp.core.spurious.RemovalSample;

/** One reduced (y, place)-labelled image in the spurious-cue window of keyed state (Flink POJO, one head set). */
public class RemovalSampleValue {
    /** 2 y + place. */
    public int group;
    /** Full representation [d]. */
    public double[] baseline;
    /** Kept layers' heads without the removed ones [d]. */
    public double[] keptMinusRemoved;

    public RemovalSampleValue() {
    }

    /** The value of a sample of one head set. */
    public static RemovalSampleValue of(RemovalSample sample) {
        RemovalSampleValue v = new RemovalSampleValue();
        v.group = sample.group();
        v.baseline = sample.baseline();
        v.keptMinusRemoved = sample.keptMinusRemoved()[0];
        return v;
    }

    /** The core's sample of this value. */
    public RemovalSample sample() {
        return new RemovalSample(group, baseline, new double[][] {keptMinusRemoved});
    }
}
