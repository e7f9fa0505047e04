package io.clipdecomp.jobs.operators;

import io.clipdecomp.core.segment.SegmentationTotals;
import io.clipdecomp.schemas.SegmentationResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds each scored image's counts to the running totals of its (model, dataset) in keyed state and stamps every
 * result with the metrics so far, computed as the {@code segment} command computes them (pixel accuracy and mean IoU
 * from the summed counts, the mean of the per-image APs).
 */
public class SegmentationMetricsFunction
        extends KeyedProcessFunction<String, SegmentationResult, SegmentationResult> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<SegmentationCounts> counts;

    /** The key of a result's running metrics. */
    public static String keyOf(SegmentationResult r) {
        return r.getModel() + "/" + r.getDataset();
    }

    @Override
    public void open(OpenContext context) {
        counts = getRuntimeContext().getState(new ValueStateDescriptor<>("segmentation-counts",
                TypeInformation.of(SegmentationCounts.class)));
    }

    @Override
    public void processElement(SegmentationResult r, Context context, Collector<SegmentationResult> out)
            throws Exception {
        SegmentationCounts c = counts.value();
        if (r.getScored()) {
            c = c == null ? new SegmentationCounts() : c;
            c.images++;
            c.correct += r.getCorrect();
            c.labeled += r.getLabeled();
            for (int k = 0; k < c.intersection.length; k++) {
                c.intersection[k] += r.getIntersection().get(k);
                c.union[k] += r.getUnion().get(k);
            }
            c.averagePrecisionSum += r.getAveragePrecision();
            counts.update(c);
        }
        if (c != null) {
            r.setImages(c.images);
            r.setRunningPixelAccuracy(SegmentationTotals.pixelAccuracy(c.correct, c.labeled));
            r.setRunningMeanIoU(SegmentationTotals.meanIoU(c.intersection, c.union));
            r.setRunningMeanAP(c.averagePrecisionSum / c.images);
        }
        out.collect(r);
    }
}
