package io.clipdecomp.jobs.operators;

import java.util.ArrayList;
import java.util.List;

/** An image ready for the model: its normalised pixels and what the outputs must carry along (Flink POJO). */
public class PreparedImage {
    /** Id of the source record. */
    public String id;
    /** Row index in a bounded dataset, -1 on streams. */
    public long index;
    /** The record's source (dataset or producer name). */
    public String source;
    /** Class labels, possibly empty. */
    public List<Long> label = new ArrayList<>();
    /** Normalised CHW pixels [3 * S * S]. */
    public float[] pixels;
    /** Event time of the source record, epoch milliseconds. */
    public long eventTime;
    /** The true foreground at the model's input size S x S (1 foreground, 0 background), or null without one. */
    public byte[] mask;

    public PreparedImage() {
    }

    public PreparedImage(String id, long index, String source, List<Long> label, float[] pixels, long eventTime) {
        this.id = id;
        this.index = index;
        this.source = source;
        this.label = new ArrayList<>(label);
        this.pixels = pixels;
        this.eventTime = eventTime;
    }
}
