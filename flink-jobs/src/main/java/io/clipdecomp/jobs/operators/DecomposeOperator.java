package io.clipdecomp.jobs.operators;

import ai.djl.Device;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.connectors.records.DecompositionRecords;
import io.clipdecomp.connectors.records.SegmentationRecords;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.decompose.ClassContrastScores;
import io.clipdecomp.core.model.VisionConfig;
import io.clipdecomp.core.segment.ForegroundMap;
import io.clipdecomp.core.segment.HeadSelection;
import io.clipdecomp.core.segment.ImageScore;
import io.clipdecomp.core.segment.LabelMask;
import io.clipdecomp.core.segment.PatchMap;
import io.clipdecomp.core.segment.ZeroShotSegmenter;
import io.clipdecomp.schemas.SegmentationResult;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.DjlRuntime;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decomposes images in micro-batches: buffers prepared images and runs one forward pass when the batch is
 * full or its oldest image has waited {@code flushMillis}. Each subtask holds its own model, built in
 * {@link #open()} (with a warm-up batch so the first real batch is not slow) on the device {@link DeviceAssignment}
 * picks, and freed in {@link #close()}.
 * The buffer is emptied before every checkpoint barrier and at end of input, so it needs no state. A
 * watermark that arrives while images wait is held back and forwarded right after their batch, so no image
 * falls behind it; flushing on every periodic watermark instead would cut batches to an image or two on a
 * large model. An image the model cannot take (wrong size, non-finite pixels) is dead-lettered before it joins a
 * batch; a batch that then fails is not about one image (engine error, out of memory, a bug), so the failure is
 * logged once and fails the task, and Flink restarts it from its last checkpoint instead of turning every image
 * of the batch into a dead letter.
 */
public class DecomposeOperator extends AbstractStreamOperator<io.clipdecomp.schemas.ImageDecomposition>
        implements OneInputStreamOperator<PreparedImage, io.clipdecomp.schemas.ImageDecomposition>,
        ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(DecomposeOperator.class);
    /** Per-image segmentations, when the settings name a classifier. */
    public static final OutputTag<SegmentationResult> SEGMENTATION =
            new OutputTag<>("segmentation-results", new AvroTypeInfo<>(SegmentationResult.class));
    /** Accumulator counting images decomposed, for progress reports. */
    public static final String IMAGES_ACCUMULATOR = "imagesDecomposed";

    private final DecomposeSettings settings;
    private transient ClipModel model;
    private transient ImageDecomposer decomposer;
    private transient float[][] contrastClasses;
    private transient List<StreamRecord<PreparedImage>> buffer;
    private transient ScheduledFuture<?> flushTimer;
    private transient Watermark heldWatermark;
    private transient Counter decomposed;
    private transient Counter rejected;
    private transient Histogram batchSizes;
    private transient Histogram batchMillis;
    private transient LongCounter progress;

    public DecomposeOperator(DecomposeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        int threads = intraOpThreads();
        DjlRuntime.configureThreads(threads, 1);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        DeviceAssignment assignment = DeviceAssignment.of(settings.device(),
                getRuntimeContext().getExternalResourceInfos(DeviceAssignment.RESOURCE), task.getIndexOfThisSubtask(),
                DjlRuntime::visibleGpus);
        Device device = DjlRuntime.device(assignment.device());
        LOG.info("{} of job {} decomposes on {} ({}) with {} intra-op thread(s)", task.getTaskNameWithSubtasks(),
                getRuntimeContext().getJobInfo().getJobId(), device, assignment.reason(), threads);
        model = ClipModel.load(Path.of(settings.modelDir()), device);
        decomposer = new ImageDecomposer(model);
        if (settings.segmentationClassifier() != null) {
            LinearClassifier classifier = LinearClassifier.read(Path.of(settings.segmentationClassifier()));
            classifier.requireDim(model.config().embedDim(), "the model's embedding");
            contrastClasses = classifier.classDirections();
        }
        buffer = new ArrayList<>(settings.batchSize());
        int s = model.config().vision().imageSize();
        decomposer.decompose(Collections.nCopies(settings.batchSize(), new float[3 * s * s]),
                settings.options(contrastClasses));
        decomposed = getMetricGroup().counter("imagesDecomposed");
        rejected = getMetricGroup().counter("imagesDeadLettered");
        batchSizes = getMetricGroup().histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        batchMillis = getMetricGroup().histogram("batchMillis", new DescriptiveStatisticsHistogram(1000));
        getMetricGroup().meter("imagesPerSecond", new MeterView(decomposed));
        progress = new LongCounter();
        getRuntimeContext().addAccumulator(IMAGES_ACCUMULATOR, progress);
    }

    @Override
    public void processElement(StreamRecord<PreparedImage> element) throws Exception {
        PreparedImage p = element.getValue();
        String unusable = unusable(p.pixels);
        if (unusable != null) {
            rejected.inc();
            output.collect(DeadLetters.TAG, new StreamRecord<>(DeadLetters.of(p.id, p.index, p.source,
                    DeadLetters.DECOMPOSE, unusable, p.eventTime, p.pixels.length * 4)));
            return;
        }
        // keep a record of our own: with object reuse the runtime refills the one it hands us
        buffer.add(element.hasTimestamp() ? new StreamRecord<>(element.getValue(), element.getTimestamp())
                : new StreamRecord<>(element.getValue()));
        if (buffer.size() >= settings.batchSize()) {
            flush();
        } else if (flushTimer == null) {
            long due = getProcessingTimeService().getCurrentProcessingTime() + settings.flushMillis();
            flushTimer = getProcessingTimeService().registerTimer(due, this);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        flushTimer = null;
        flush();
    }

    /**
     * A watermark that overtook buffered images would make them late downstream, so it waits for their batch;
     * the end-of-input watermark flushes at once, as it fires the final running means, which must include
     * the last batch.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        heldWatermark = mark;
        if (buffer.isEmpty() || mark.getTimestamp() == Long.MAX_VALUE) {
            flush();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (decomposer != null) {
                decomposer.close();
            }
            if (model != null) {
                model.close();
            }
        } finally {
            super.close();
        }
    }

    /** The configured intra-op threads, else this TaskManager's cores divided among its task slots. */
    private int intraOpThreads() {
        if (settings.intraOpThreads() > 0) {
            return settings.intraOpThreads();
        }
        int slots = getContainingTask().getEnvironment().getTaskManagerInfo().getConfiguration()
                .get(TaskManagerOptions.NUM_TASK_SLOTS);
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, slots));
    }

    /** Number of images waiting for their batch. */
    @VisibleForTesting
    int buffered() {
        return buffer.size();
    }

    private void flush() throws Exception {
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        if (!buffer.isEmpty()) {
            List<StreamRecord<PreparedImage>> batch = new ArrayList<>(buffer);
            buffer.clear();
            decompose(batch);
        }
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }

    private void decompose(List<StreamRecord<PreparedImage>> batch) {
        long start = System.nanoTime();
        List<ImageDecomposition> results;
        try {
            results = runModel(pixels(batch));
        } catch (RuntimeException systemic) {
            LOG.error("decomposing a batch of {} images ({} .. {}) failed; failing the task so that Flink restarts it "
                    + "from its last checkpoint", batch.size(), batch.get(0).getValue().id,
                    batch.get(batch.size() - 1).getValue().id, systemic);
            throw systemic;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        batchSizes.update(batch.size());
        batchMillis.update(millis);
        for (int i = 0; i < batch.size(); i++) {
            emit(batch.get(i), results.get(i), millis / batch.size());
        }
    }

    /** The model's decomposition of a batch of checked pixels; a failure here is not about one image. */
    @VisibleForTesting
    protected List<ImageDecomposition> runModel(List<float[]> pixels) {
        return decomposer.decompose(pixels, settings.options(contrastClasses));
    }

    /** Why the model cannot take these pixels, or null when it can. */
    private String unusable(float[] pixels) {
        int s = model.config().vision().imageSize();
        int expected = 3 * s * s;
        if (pixels.length != expected) {
            return "the image has " + pixels.length + " values; the model takes 3 x " + s + " x " + s + " = " + expected;
        }
        for (int i = 0; i < pixels.length; i++) {
            if (!Float.isFinite(pixels[i])) {
                return "pixel value " + i + " is " + pixels[i] + "; the model takes finite values only";
            }
        }
        return null;
    }

    private void emit(StreamRecord<PreparedImage> record, ImageDecomposition result, long millis) {
        PreparedImage p = record.getValue();
        decomposed.inc();
        progress.add(1);
        io.clipdecomp.schemas.ImageDecomposition out = DecompositionRecords.toAvro(result, p.id, p.index,
                settings.modelName(), p.source, p.label, Instant.ofEpochMilli(p.eventTime), millis,
                settings.tokenTerms());
        if (record.hasTimestamp()) {
            output.collect(new StreamRecord<>(out, record.getTimestamp()));
        } else {
            output.collect(new StreamRecord<>(out));
        }
        if (result.classContrast() != null) {
            output.collect(SEGMENTATION, new StreamRecord<>(segmentation(p, result.classContrast())));
        }
    }

    /** The image's map through the original protocol, scored against its true mask when it has one. */
    private SegmentationResult segmentation(PreparedImage p, ClassContrastScores contrast) {
        VisionConfig v = model.config().vision();
        PatchMap tokens = ZeroShotSegmenter.tokenMap(contrast, HeadSelection.all(), v.grid());
        ForegroundMap map = ForegroundMap.of(tokens.values(), v.grid(), v.patchSize());
        ImageScore score = p.mask == null ? null
                : ImageScore.of(map, LabelMask.of(v.imageSize(), v.imageSize(), p.mask));
        return SegmentationRecords.of(p.id, p.index, settings.modelName(), p.source, tokens.predictedClass(), map, score,
                Instant.ofEpochMilli(p.eventTime));
    }

    private static List<float[]> pixels(List<StreamRecord<PreparedImage>> batch) {
        List<float[]> pixels = new ArrayList<>(batch.size());
        for (StreamRecord<PreparedImage> r : batch) {
            pixels.add(r.getValue().pixels);
        }
        return pixels;
    }
}
