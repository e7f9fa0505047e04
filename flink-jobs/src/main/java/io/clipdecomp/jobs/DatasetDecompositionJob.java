package io.clipdecomp.jobs;

import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The decomposition job over a bounded dataset, run in BATCH mode: images from a source, decompositions to one
 * sink and the images left out (dead letters) to another. Source and sinks run as one subtask each, since they
 * stand for one dataset and one set of files; the decomposition runs at the environment's parallelism.
 */
public final class DatasetDecompositionJob {
    private final Source<ImageRecord, ?, ?> images;
    private final Sink<ImageDecomposition> decompositions;
    private final Sink<DeadLetter> deadLetters;
    private final DecompositionJob.Settings settings;

    /**
     * @param deadLetters where the images left out go, or null when the settings stop the job at the first
     *     unusable image instead
     */
    public DatasetDecompositionJob(Source<ImageRecord, ?, ?> images, Sink<ImageDecomposition> decompositions,
                                   Sink<DeadLetter> deadLetters, DecompositionJob.Settings settings) {
        if (deadLetters == null && !settings.failOnBadInput()) {
            throw new IllegalArgumentException("a job that leaves unusable images out needs a sink for them");
        }
        this.images = images;
        this.decompositions = decompositions;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /** Adds the job to {@code env}. */
    public void attach(StreamExecutionEnvironment env) {
        DecompositionJob.Outputs outputs = DecompositionJob.build(
                env.fromSource(images, WatermarkStrategy.noWatermarks(), "dataset").setParallelism(1), settings);
        outputs.decompositions().sinkTo(decompositions).setParallelism(1).name("decompositions");
        if (deadLetters != null) {
            outputs.deadLetters().sinkTo(deadLetters).setParallelism(1).name("dead-letters");
        }
    }
}
