package io.clipdecomp.jobs;

import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.jobs.operators.DeadLetterSplit;
import io.clipdecomp.jobs.operators.DeadLetterCount;
import io.clipdecomp.jobs.operators.KafkaSizeGate;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The decomposition job between Kafka topics: images in; decompositions, running means, TextSpan results,
 * mean-ablation and spurious-cue reports, segmentations and dead letters out, each to its own sink. Records the source cannot read are dead
 * letters from the start; decompositions pass a size gate before their topic.
 */
public final class KafkaDecompositionJob {
    private final Source<Either<ImageRecord, DeadLetter>, ?, ?> images;
    private final Sink<ImageDecomposition> decompositions;
    private final Sink<ComponentMeans> means;
    private final Sink<TextSpanResult> textSpanResults;
    private final Sink<AblationReport> ablationReports;
    private final Sink<SpuriousCueReport> spuriousReports;
    private final Sink<SegmentationResult> segmentationResults;
    private final Sink<DeadLetter> deadLetters;
    private final DecompositionJob.Settings settings;
    private final RecordSizePolicy sizePolicy;

    public KafkaDecompositionJob(Source<Either<ImageRecord, DeadLetter>, ?, ?> images,
                                 Sink<ImageDecomposition> decompositions, Sink<ComponentMeans> means,
                                 Sink<TextSpanResult> textSpanResults, Sink<AblationReport> ablationReports,
                                 Sink<SpuriousCueReport> spuriousReports,
                                 Sink<SegmentationResult> segmentationResults, Sink<DeadLetter> deadLetters,
                                 DecompositionJob.Settings settings, RecordSizePolicy sizePolicy) {
        this.images = images;
        this.decompositions = decompositions;
        this.means = means;
        this.textSpanResults = textSpanResults;
        this.ablationReports = ablationReports;
        this.spuriousReports = spuriousReports;
        this.segmentationResults = segmentationResults;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.sizePolicy = sizePolicy;
    }

    /** Adds the job to {@code env}; uids are stable, so a savepoint of one version restores into the next. */
    public void attach(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<ImageRecord> input = env
                .fromSource(images, WatermarkStrategy.noWatermarks(), "images").uid("images-source")
                .process(new DeadLetterSplit<>(ImageRecord.class)).name("unreadable-records").uid("unreadable-records");
        DecompositionJob.Outputs outputs = DecompositionJob.build(input, settings);
        SingleOutputStreamOperator<ImageDecomposition> gated = outputs.decompositions()
                .process(new KafkaSizeGate(sizePolicy)).returns(new AvroTypeInfo<>(ImageDecomposition.class))
                .name("size-gate").uid("size-gate");
        gated.sinkTo(decompositions).name("decompositions").uid("decompositions-sink");
        outputs.means().sinkTo(means).name("component-means").uid("component-means-sink");
        if (outputs.textSpanResults() != null) {
            outputs.textSpanResults().sinkTo(textSpanResults).name("textspan-results").uid("textspan-results-sink");
        }
        outputs.ablationReports().sinkTo(ablationReports).name("ablation-reports").uid("ablation-reports-sink");
        outputs.spuriousReports().sinkTo(spuriousReports).name("spurious-reports").uid("spurious-reports-sink");
        outputs.segmentationResults().sinkTo(segmentationResults).name("segmentation-results")
                .uid("segmentation-results-sink");
        outputs.deadLetters().union(gated.getSideOutput(DeadLetters.TAG), input.getSideOutput(DeadLetters.TAG))
                .map(new DeadLetterCount()).returns(new AvroTypeInfo<>(DeadLetter.class))
                .name("dead-letter-count").uid("dead-letter-count")
                .sinkTo(deadLetters).name("dead-letters").uid("dead-letters-sink");
    }

    /** Attaches and starts the job, returning at once. */
    public JobClient start(StreamExecutionEnvironment env, String name) throws Exception {
        attach(env);
        return env.executeAsync(name);
    }
}
