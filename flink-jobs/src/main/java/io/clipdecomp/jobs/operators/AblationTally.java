package io.clipdecomp.jobs.operators;

/** Hits per mean-ablation variant over the labelled images scored so far, in keyed state (Flink POJO). */
public class AblationTally {
    /** Labelled images scored. */
    public long images;
    /** Correct predictions per variant, in MeanAblation's order. */
    public long[] hits;

    public AblationTally() {
    }

    /** Adds another count of images and hits (of as many variants). */
    public void add(long moreImages, long[] moreHits) {
        if (hits == null) {
            hits = new long[moreHits.length];
        }
        for (int v = 0; v < hits.length; v++) {
            hits[v] += moreHits[v];
        }
        images += moreImages;
    }
}
