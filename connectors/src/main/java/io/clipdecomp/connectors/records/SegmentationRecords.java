package io.clipdecomp.connectors.records;

import io.clipdecomp.core.segment.ForegroundMap;
import io.clipdecomp.core.segment.ImageScore;
import io.clipdecomp.core.segment.SegmentationImages;
import io.clipdecomp.core.shapes.PngFiles;
import io.clipdecomp.schemas.SegmentationResult;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/** Builds {@link SegmentationResult} records from the core's map and score of one image. */
public final class SegmentationRecords {
    private SegmentationRecords() {
    }

    /**
     * One image's result, without the running metrics.
     *
     * @param score its score against the true mask, or null without one
     */
    public static SegmentationResult of(String id, long index, String model, String dataset, int predictedClass,
                                        ForegroundMap map, ImageScore score, Instant eventTime) {
        SegmentationResult.Builder b = SegmentationResult.newBuilder().setId(id).setIndex(index).setModel(model)
                .setDataset(dataset).setPredictedClass(predictedClass)
                .setMask(ByteBuffer.wrap(PngFiles.encode(SegmentationImages.prediction(map))))
                .setHeatmap(ByteBuffer.wrap(PngFiles.encode(SegmentationImages.heatmap(map))))
                .setEventTime(eventTime);
        if (score != null) {
            b.setScored(true).setCorrect(score.correct()).setLabeled(score.labeled())
                    .setIntersection(Arrays.stream(score.intersection()).boxed().toList())
                    .setUnion(Arrays.stream(score.union()).boxed().toList())
                    .setAveragePrecision(score.averagePrecision());
        }
        return b.build();
    }
}
