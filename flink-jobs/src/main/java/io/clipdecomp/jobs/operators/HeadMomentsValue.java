package io.clipdecomp.jobs.operators;

import io.clipdecomp.core.textspan.HeadMoments;

/**
 * One head's moments (count, sum, packed second moment) with the head they belong to: a subtask's partial
 * moments on the way to the keyed sum, and that sum in RocksDB keyed state (Flink POJO, one value per key).
 */
public class HeadMomentsValue {
    /** The model the contributions come from. */
    public String model;
    /** The dataset or stream the images belong to. */
    public String dataset;
    /** The head's layer. */
    public int layer;
    /** The head's index in its layer. */
    public int head;
    /** Images counted. */
    public long count;
    /** Σx [d]. */
    public double[] sum;
    /** The upper triangle of XᵀX, row by row. */
    public double[] secondMoment;

    public HeadMomentsValue() {
    }

    /** The value of {@code moments} for head (layer, head) of (model, dataset). */
    public static HeadMomentsValue of(String model, String dataset, int layer, int head, HeadMoments moments) {
        HeadMomentsValue v = new HeadMomentsValue();
        v.model = model;
        v.dataset = dataset;
        v.layer = layer;
        v.head = head;
        v.count = moments.count();
        v.sum = moments.sum();
        v.secondMoment = moments.packedSecondMoment();
        return v;
    }

    /** The key of a head's moments: {@code model/dataset/layer/head}. */
    public static String keyOf(HeadMomentsValue v) {
        return v.model + "/" + v.dataset + "/" + v.layer + "/" + v.head;
    }

    /** The core's moments of these values. */
    public HeadMoments moments() {
        return HeadMoments.of(count, sum, secondMoment);
    }
}
