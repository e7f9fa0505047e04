package io.clipdecomp.jobs.demo;

import java.util.List;

/**
 * What a demo run did, with every produced image accounted for: {@code decomposed + deadLettered == produced}.
 *
 * @param produced images offered to Kafka (synthetic and corrupt, or the input folder's entries)
 * @param decomposed decompositions read back from the output topic
 * @param deadLettered dead letters read back (corrupt images, and any refused for size)
 * @param meansEmitted running-means records read back
 * @param textSpanResults per-head TextSpan results read back
 * @param ablationReports mean-ablation reports read back (none for unlabelled images)
 * @param seconds wall time from the first image sent to the last result read
 * @param imagesPerSecond produced / seconds
 * @param jobFailure why the streaming job failed, or null when it ran to its end; the counts are then what it
 *     committed before the failure
 * @param deadLetters the dead letters, in the order of the images they stand for
 * @param soak what a soak run measured, or null when it was none
 */
public record DemoSummary(long produced, long decomposed, long deadLettered, long meansEmitted, long textSpanResults,
                          long ablationReports, double seconds, double imagesPerSecond, String jobFailure,
                          List<Rejection> deadLetters, SoakReport soak) {

    public DemoSummary {
        deadLetters = List.copyOf(deadLetters);
    }

    /**
     * One dead letter.
     *
     * @param id the image's id (with an input folder, the file name)
     * @param index its position among the images produced
     * @param stage the stage that refused it
     * @param reason why
     */
    public record Rejection(String id, long index, String stage, String reason) {
    }

    /** True when every produced image ended in exactly one output. */
    public boolean accountsForEveryImage() {
        return decomposed + deadLettered == produced;
    }
}
