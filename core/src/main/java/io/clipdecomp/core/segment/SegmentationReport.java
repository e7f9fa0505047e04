package io.clipdecomp.core.segment;

import io.clipdecomp.core.analysis.HeadIndex;

import com.google.gson.GsonBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of a segmentation run as the original prints them, and as JSON. */
public final class SegmentationReport {
    private final String dataset;
    private final String model;
    private final HeadSelection heads;
    private final boolean alignedMasks;
    private final String map;
    private final List<Map<String, Object>> perImage = new ArrayList<>();

    /**
     * @param heads the heads the maps summed
     * @param alignedMasks whether masks were cropped as the images
     * @param map where the token maps came from: "decomposition" or a reference map's name
     */
    public SegmentationReport(String dataset, String model, HeadSelection heads, boolean alignedMasks, String map) {
        this.dataset = dataset;
        this.model = model;
        this.heads = heads;
        this.alignedMasks = alignedMasks;
        this.map = map;
    }

    /** Records one image's figures for the JSON. */
    public void add(ImageResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.sample().id());
        m.put("predictedClass", r.patchMap().predictedClass());
        m.put("correct", r.score().correct());
        m.put("labeled", r.score().labeled());
        m.put("ap", r.score().averagePrecision());
        perImage.add(m);
    }

    /** The running figures, as the original's progress bar shows them. */
    public static String progress(SegmentationTotals t) {
        return "pixAcc: " + fixed(t.pixelAccuracy(), 4) + ", mIoU: " + fixed(t.meanIoU(), 4) + ", mAP: "
                + fixed(t.meanAP(), 4);
    }

    /** The original's three result lines: mean IoU, pixel accuracy in percent, mean AP. */
    public static List<String> lines(SegmentationTotals t) {
        return List.of("Mean IoU over " + ImageScore.CLASSES + " classes: " + fixed(t.meanIoU(), 4),
                "Pixel-wise Accuracy: " + fixed(t.pixelAccuracy() * 100, 2) + "%",
                "Mean AP over " + ImageScore.CLASSES + " classes: " + fixed(t.meanAP(), 4));
    }

    /** The metrics as fractions, the run's settings and the per-image figures, as pretty JSON. */
    public String json(SegmentationTotals t) {
        if (t.images() == 0) {
            throw new IllegalStateException("no image was scored");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pixelAccuracy", t.pixelAccuracy());
        m.put("meanIoU", t.meanIoU());
        m.put("meanAP", t.meanAP());
        m.put("images", t.images());
        m.put("iou", List.of(t.iou(0), t.iou(1)));
        m.put("dataset", dataset);
        m.put("model", model);
        List<List<Integer>> listed = new ArrayList<>();
        for (HeadIndex h : heads.heads()) {
            listed.add(List.of(h.layer(), h.head()));
        }
        m.put("heads", heads.isAll() ? "all" : listed);
        m.put("alignedMasks", alignedMasks);
        m.put("map", map);
        m.put("perImage", perImage);
        return new GsonBuilder().setPrettyPrinting().create().toJson(m) + "\n";
    }

    /** Python's {@code "%.nf" % x}: the double's exact value rounded half to even. */
    static String fixed(double x, int digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }
}
