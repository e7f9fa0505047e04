package io.clipdecomp.jobs;

import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.jobs.operators.AnalysisSettings;
import io.clipdecomp.jobs.operators.ComponentMeansFunction;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.jobs.operators.DecomposeOperator;
import io.clipdecomp.jobs.operators.DecomposeSettings;
import io.clipdecomp.jobs.operators.HeadMomentsFunction;
import io.clipdecomp.jobs.operators.HeadMomentsValue;
import io.clipdecomp.jobs.operators.ImagePreparation;
import io.clipdecomp.jobs.operators.PartialSums;
import io.clipdecomp.jobs.operators.PartialSumsOperator;
import io.clipdecomp.jobs.operators.PreparedImage;
import io.clipdecomp.jobs.operators.SegmentationMetricsFunction;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The decomposition job: images are decoded and preprocessed, decomposed in micro-batches by one model per
 * subtask, pre-aggregated per subtask, and summed into running means per (model, dataset) and, when asked,
 * per-head moments per (model, dataset, layer, head) in keyed state, from which come mean-ablation reports
 * and TextSpan results; every stage sends what it cannot handle to one dead-letter stream. The same wiring serves bounded datasets (BATCH) and Kafka
 * streams (STREAMING); callers attach the sources and sinks.
 */
public final class DecompositionJob {

    /**
     * How the job runs.
     *
     * @param decompose the model and batching
     * @param preprocessor the model's image preprocessing
     * @param failOnBadInput stop the job at the first unusable image instead of dead-lettering it
     * @param meansEvery images between two emissions of the running means (and ablation reports)
     * @param analyses TextSpan and mean-ablation on the stream
     * @param limits how large one image may be, and the decode budget of each task manager
     */
    public record Settings(DecomposeSettings decompose, ClipImagePreprocessor preprocessor, boolean failOnBadInput,
                           long meansEvery, AnalysisSettings analyses, ImageLimits limits) implements Serializable {

        /** Settings without TextSpan or ablation reports, with the default image limits. */
        public Settings(DecomposeSettings decompose, ClipImagePreprocessor preprocessor, boolean failOnBadInput,
                        long meansEvery) {
            this(decompose, preprocessor, failOnBadInput, meansEvery, AnalysisSettings.NONE);
        }

        /** Settings with the default image limits. */
        public Settings(DecomposeSettings decompose, ClipImagePreprocessor preprocessor, boolean failOnBadInput,
                        long meansEvery, AnalysisSettings analyses) {
            this(decompose, preprocessor, failOnBadInput, meansEvery, analyses, ImageLimits.defaults());
        }

        /**
         * The settings every entry point starts from: the model of {@code folder} under {@code modelName} on
         * {@code device}, its preprocessing (refusing unlike-Pillow pixels in the tasks if {@code strictPixels}),
         * bad images dead-lettered, no analyses and no running means before the end of input.
         */
        public static Settings of(ModelFolder folder, String modelName, String device, int threadsPerSubtask,
                                  int batchSize, long flushMillis, boolean strictPixels, ImageLimits limits)
                throws IOException {
            return new Settings(new DecomposeSettings(folder.dir().toString(), modelName, device, threadsPerSubtask,
                    batchSize, flushMillis, false, null, null),
                    ClipImagePreprocessor.forModel(folder.config()).withStrictPixels(strictPixels), false,
                    Long.MAX_VALUE, AnalysisSettings.NONE, limits);
        }

        /** These settings, also computing per-token terms if {@code perToken}. */
        public Settings withTokenTerms(boolean perToken) {
            return new Settings(decompose.withTokenTerms(perToken), preprocessor, failOnBadInput, meansEvery,
                    analyses, limits);
        }

        /** These settings, stopping at the first unusable image if {@code fail}, else dead-lettering it. */
        public Settings withFailOnBadInput(boolean fail) {
            return new Settings(decompose, preprocessor, fail, meansEvery, analyses, limits);
        }

        /** These settings, emitting running means every {@code images} images. */
        public Settings withMeansEvery(long images) {
            return new Settings(decompose, preprocessor, failOnBadInput, images, analyses, limits);
        }

        /** These settings with {@code streamAnalyses}, segmenting against {@code segmentationClassifier} if not null. */
        public Settings withAnalyses(AnalysisSettings streamAnalyses, String segmentationClassifier) {
            return new Settings(decompose.withSegmentationClassifier(segmentationClassifier), preprocessor,
                    failOnBadInput, meansEvery, streamAnalyses, limits);
        }

        /** One line naming what the decomposition runs with, for a command to print as it starts the job. */
        public String summary() {
            return "model " + decompose.modelName() + " on " + decompose.device() + ", batches of "
                    + decompose.batchSize() + " flushed after " + decompose.flushMillis() + " ms, "
                    + (decompose.intraOpThreads() > 0 ? decompose.intraOpThreads() + " intra-op thread(s)"
                    : "the TaskManager's cores divided among its slots") + " per subtask"
                    + (preprocessor.strictPixels() ? ", strict pixels" : "");
        }
    }

    /**
     * The job's outputs.
     *
     * @param decompositions one record per decomposed image
     * @param means running means, every {@code meansEvery} images and at the end of bounded input
     * @param deadLetters one record per image that was not decomposed, with stage and reason
     * @param textSpanResults per-head TextSpan results, or null when the settings ask for none
     * @param ablationReports mean-ablation reports (empty without a classifier or labels)
     * @param spuriousReports spurious-cue reports (empty without heads to remove or (y, place) labels)
     * @param segmentationResults per-image segmentations (empty without a segmentation classifier)
     */
    public record Outputs(DataStream<ImageDecomposition> decompositions, DataStream<ComponentMeans> means,
                          DataStream<DeadLetter> deadLetters, DataStream<TextSpanResult> textSpanResults,
                          DataStream<AblationReport> ablationReports, DataStream<SpuriousCueReport> spuriousReports,
                          DataStream<SegmentationResult> segmentationResults) {
    }

    private DecompositionJob() {
    }

    /** Wires the job onto a stream of images. Operator uids are stable so savepoints survive upgrades. */
    public static Outputs build(DataStream<ImageRecord> images, Settings settings) {
        SingleOutputStreamOperator<PreparedImage> prepared = images
                .process(new ImagePreparation(settings.preprocessor(), settings.limits(), settings.failOnBadInput()))
                .name("decode-preprocess").uid("decode-preprocess");
        SingleOutputStreamOperator<ImageDecomposition> decomposed = prepared
                .transform("decompose", new AvroTypeInfo<>(ImageDecomposition.class),
                        new DecomposeOperator(settings.decompose()))
                .uid("decompose");
        SingleOutputStreamOperator<PartialSums> partials = decomposed
                .transform("pre-aggregate", TypeInformation.of(PartialSums.class),
                        new PartialSumsOperator(settings.analyses()))
                .uid("pre-aggregate");
        SingleOutputStreamOperator<ComponentMeans> meansFunction = partials
                .keyBy(ComponentMeansFunction::keyOf, Types.STRING)
                .process(new ComponentMeansFunction(settings.meansEvery(), settings.analyses().classifierFile(),
                        settings.analyses().spuriousHeads()))
                .returns(new AvroTypeInfo<>(ComponentMeans.class))
                .name("component-means").uid("component-means");
        // end-of-input emissions fire at event time Long.MAX_VALUE; stamp records with their emission time
        DataStream<ComponentMeans> means = meansFunction
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ComponentMeans>noWatermarks()
                        .withTimestampAssigner((record, previous) -> record.getEmittedAt().toEpochMilli()))
                .name("means-emission-time").uid("means-emission-time");
        DataStream<AblationReport> ablation = meansFunction.getSideOutput(ComponentMeansFunction.ABLATION)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<AblationReport>noWatermarks()
                        .withTimestampAssigner((record, previous) -> record.getEmittedAt().toEpochMilli()))
                .name("ablation-emission-time").uid("ablation-emission-time");
        DataStream<SegmentationResult> segmentation = decomposed.getSideOutput(DecomposeOperator.SEGMENTATION)
                .keyBy(SegmentationMetricsFunction::keyOf, Types.STRING)
                .process(new SegmentationMetricsFunction())
                .returns(new AvroTypeInfo<>(SegmentationResult.class))
                .name("segmentation-metrics").uid("segmentation-metrics");
        DataStream<SpuriousCueReport> spurious = meansFunction.getSideOutput(ComponentMeansFunction.SPURIOUS)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<SpuriousCueReport>noWatermarks()
                        .withTimestampAssigner((record, previous) -> record.getEmittedAt().toEpochMilli()))
                .name("spurious-emission-time").uid("spurious-emission-time");
        DataStream<TextSpanResult> textSpan = null;
        if (settings.analyses().textSpan() != null) {
            textSpan = partials.getSideOutput(PartialSumsOperator.MOMENTS)
                    .keyBy(HeadMomentsValue::keyOf, Types.STRING)
                    .process(new HeadMomentsFunction(settings.analyses().textSpan()))
                    .returns(new AvroTypeInfo<>(TextSpanResult.class))
                    .name("head-moments").uid("head-moments")
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<TextSpanResult>noWatermarks()
                            .withTimestampAssigner((record, previous) -> record.getEmittedAt().toEpochMilli()))
                    .name("textspan-emission-time").uid("textspan-emission-time");
        }
        DataStream<DeadLetter> deadLetters = prepared.getSideOutput(DeadLetters.TAG)
                .union(decomposed.getSideOutput(DeadLetters.TAG));
        return new Outputs(decomposed, means, deadLetters, textSpan, ablation, spurious, segmentation);
    }
}
