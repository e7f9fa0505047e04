package io.clipdecomp.jobs.demo;

/**
 * What a demo run did, with every produced image accounted for: {@code decomposed + deadLettered == produced}.
 *
 * @param produced images offered to Kafka (synthetic and corrupt)
 * @param decomposed decompositions read back from the output topic
 * @param deadLettered dead letters read back (corrupt images, and any refused for size)
 * @param meansEmitted running-means records read back
 * @param textSpanResults per-head TextSpan results read back
 * @param ablationReports mean-ablation reports read back
 * @param seconds wall time from the first image sent to the last result read
 * @param imagesPerSecond produced / seconds
 * @param jobFailure why the streaming job failed, or null when it ran to its end; the counts are then what it
 *     committed before the failure
 */
public record DemoSummary(long produced, long decomposed, long deadLettered, long meansEmitted, long textSpanResults,
                          long ablationReports, double seconds, double imagesPerSecond, String jobFailure) {

    /** True when every produced image ended in exactly one output. */
    public boolean accountsForEveryImage() {
        return decomposed + deadLettered == produced;
    }
}
