package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationReportTest {
    @Test
    void formatsAsPythonDoesRoundingTheExactValueHalfToEven() {
        assertEquals("0.12", SegmentationReport.fixed(0.125, 2)); // exactly half: to even
        assertEquals("0.38", SegmentationReport.fixed(0.375, 2));
        assertEquals("2.67", SegmentationReport.fixed(2.675, 2)); // 2.67499999... in binary
        assertEquals("57.40", SegmentationReport.fixed(57.4, 2));
        assertEquals("0.3467", SegmentationReport.fixed(0.34668231174250536, 4));
    }

    @Test
    void printsTheOriginalsLinesAndTheFractionsAsJson() {
        SegmentationTotals t = new SegmentationTotals();
        ForegroundMap map = ForegroundMap.of(new float[] {0, 1, 2, 4}, 2, 1);
        t.add(ImageScore.of(map, LabelMask.of(2, 2, new byte[] {0, 1, 1, 1})));
        // pixel accuracy 3/4, IoU (1/2 + 2/3) / 2, AP as worked in SegmentationMetricsTest
        assertEquals(List.of("Mean IoU over 2 classes: 0.5833", "Pixel-wise Accuracy: 75.00%",
                "Mean AP over 2 classes: 0.8167"), SegmentationReport.lines(t));
        assertEquals("pixAcc: 0.7500, mIoU: 0.5833, mAP: 0.8167", SegmentationReport.progress(t));
        SegmentationReport report = new SegmentationReport("segfolder", "m", HeadSelection.parse("1.0"), false, "decomposition");
        JsonObject json = JsonParser.parseString(report.json(t)).getAsJsonObject();
        assertEquals(0.75, json.get("pixelAccuracy").getAsDouble(), 1e-15);
        assertEquals(t.meanIoU(), json.get("meanIoU").getAsDouble(), 0);
        assertEquals(t.meanAP(), json.get("meanAP").getAsDouble(), 0);
        assertEquals(1, json.get("images").getAsInt());
        assertEquals("[[1,0]]", json.get("heads").toString());
    }
}
