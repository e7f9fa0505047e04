package io.clipdecomp.jobs.operators;

/** The scored images' pixel counts and AP sum of one (model, dataset), in keyed state (Flink POJO). */
public class SegmentationCounts {
    /** Scored images. */
    public long images;
    /** Pixels predicted right. */
    public long correct;
    /** Pixels scored. */
    public long labeled;
    /** Intersections summed, background then foreground. */
    public long[] intersection = new long[2];
    /** Unions summed, background then foreground. */
    public long[] union = new long[2];
    /** Per-image APs summed. */
    public double averagePrecisionSum;

    public SegmentationCounts() {
    }
}
