package io.clipdecomp.dashboard;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page shows, built from the result records as they arrive: each record becomes the event that updates the
 * page, and the latest of each kind is kept so that a browser that connects later starts from the same picture.
 * Memory is bounded: one means grid, one TextSpan result per head, the last {@value #IMAGES} segmentations and
 * {@value #DEAD_LETTERS} dead letters.
 */
public final class DashboardState {
    /** Segmentations the page keeps. */
    public static final int IMAGES = 8;
    /** Dead letters the page keeps. */
    public static final int DEAD_LETTERS = 50;
    /** The window of the images/s figure. */
    private static final long RATE_WINDOW_NANOS = 10_000_000_000L;

    private final Gson gson = new Gson();
    private long decomposed;
    private long deadLettered;
    private final Deque<long[]> arrivals = new ArrayDeque<>(); // {nanoTime, decomposed so far}
    private DashboardEvent heads;
    private final Map<String, DashboardEvent> textSpans = new LinkedHashMap<>();
    private DashboardEvent ablation;
    private DashboardEvent spurious;
    private final Deque<DashboardEvent> segmentations = new ArrayDeque<>();
    private final Deque<DashboardEvent> deadLetters = new ArrayDeque<>();

    /** Counts one decomposition, at {@code nanoTime}. */
    public synchronized void decomposed(long nanoTime) {
        decomposed++;
        arrivals.addLast(new long[] {nanoTime, decomposed});
        while (arrivals.size() > 1 && nanoTime - arrivals.peekFirst()[0] > RATE_WINDOW_NANOS) {
            arrivals.removeFirst();
        }
    }

    /** Images decomposed and dead-lettered so far, and the images/s over the last ten seconds at {@code nanoTime}. */
    public synchronized DashboardEvent throughput(long nanoTime) {
        double rate = 0;
        if (!arrivals.isEmpty() && nanoTime - arrivals.peekLast()[0] < RATE_WINDOW_NANOS) {
            long[] first = arrivals.peekFirst();
            double seconds = Math.max(1e-9, (nanoTime - first[0]) / 1e9);
            rate = arrivals.size() < 2 ? 0 : (decomposed - first[1]) / seconds;
        }
        JsonObject o = new JsonObject();
        o.addProperty("decomposed", decomposed);
        o.addProperty("deadLettered", deadLettered);
        o.addProperty("imagesPerSecond", rate);
        return new DashboardEvent("throughput", gson.toJson(o));
    }

    /** The layer x head grid of the norms of the heads' mean contributions. */
    public synchronized DashboardEvent means(ComponentMeans m) {
        int[] shape = FloatTensors.shape(m.getHeads());
        float[] data = FloatTensors.unpack(m.getHeads());
        int layers = shape[0];
        int headCount = shape[1];
        int d = shape[2];
        JsonArray norms = new JsonArray();
        for (int l = 0; l < layers; l++) {
            JsonArray row = new JsonArray();
            for (int h = 0; h < headCount; h++) {
                double sq = 0;
                for (int k = 0, off = (l * headCount + h) * d; k < d; k++) {
                    sq += (double) data[off + k] * data[off + k];
                }
                row.add(Math.sqrt(sq));
            }
            norms.add(row);
        }
        JsonObject o = new JsonObject();
        o.addProperty("model", m.getModel());
        o.addProperty("dataset", m.getDataset());
        o.addProperty("images", m.getCount());
        o.add("norms", norms);
        heads = new DashboardEvent("heads", gson.toJson(o));
        return heads;
    }

    /** One head's TextSpan texts and the share of the head's variance each explains. */
    public synchronized DashboardEvent textSpan(TextSpanResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("layer", r.getLayer());
        o.addProperty("head", r.getHead());
        o.addProperty("images", r.getImages());
        o.add("texts", gson.toJsonTree(r.getTexts()));
        o.add("shares", gson.toJsonTree(r.getVarianceShares()));
        DashboardEvent e = new DashboardEvent("textspan", gson.toJson(o));
        textSpans.put(r.getLayer() + "." + r.getHead(), e);
        return e;
    }

    /** Zero-shot accuracy with the parts mean-ablated: the curve over attention layers and the other ablations. */
    public synchronized DashboardEvent ablation(AblationReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("images", r.getImages());
        o.addProperty("baseline", r.getBaseline());
        o.addProperty("mlps", r.getMlps());
        o.addProperty("cls", r.getCls());
        o.addProperty("mlpsAndCls", r.getMlpsAndCls());
        o.add("attentionLayers", gson.toJsonTree(r.getAttentionLayers()));
        ablation = new DashboardEvent("ablation", gson.toJson(o));
        return ablation;
    }

    /** Group accuracies before and after the removal of the spurious heads. */
    public synchronized DashboardEvent spurious(SpuriousCueReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("images", r.getImages());
        o.add("heads", gson.toJsonTree(r.getHeads()));
        o.add("baseline", gson.toJsonTree(r.getBaseline()));
        o.add("replaced", gson.toJsonTree(r.getReplaced()));
        spurious = new DashboardEvent("spurious", gson.toJson(o));
        return spurious;
    }

    /** One image's mask and heatmap (PNG, as data for an img element) and the running metrics. */
    public synchronized DashboardEvent segmentation(SegmentationResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("id", r.getId());
        o.addProperty("predictedClass", r.getPredictedClass());
        o.addProperty("mask", png(r.getMask()));
        o.addProperty("heatmap", png(r.getHeatmap()));
        o.addProperty("runningMeanIoU", r.getRunningMeanIoU());
        o.addProperty("runningPixelAccuracy", r.getRunningPixelAccuracy());
        DashboardEvent e = new DashboardEvent("segmentation", gson.toJson(o));
        keep(segmentations, e, IMAGES);
        return e;
    }

    /** A rejected record: its id, the stage that rejected it, and why. */
    public synchronized DashboardEvent deadLetter(DeadLetter l) {
        deadLettered++;
        JsonObject o = new JsonObject();
        o.addProperty("id", l.getRecordId());
        o.addProperty("stage", l.getStage());
        o.addProperty("reason", l.getReason());
        DashboardEvent e = new DashboardEvent("deadLetter", gson.toJson(o));
        keep(deadLetters, e, DEAD_LETTERS);
        return e;
    }

    /** The events that draw the current picture on a page that has just connected, oldest first. */
    public synchronized List<DashboardEvent> snapshot(long nanoTime) {
        List<DashboardEvent> events = new ArrayList<>();
        events.add(throughput(nanoTime));
        if (heads != null) {
            events.add(heads);
        }
        events.addAll(textSpans.values());
        if (ablation != null) {
            events.add(ablation);
        }
        if (spurious != null) {
            events.add(spurious);
        }
        events.addAll(segmentations);
        events.addAll(deadLetters);
        return events;
    }

    /** The bytes of an Avro bytes field, Base64 for a data URL (the buffer's own position and limit respected). */
    private static String png(ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return Base64.getEncoder().encodeToString(out);
    }

    private static void keep(Deque<DashboardEvent> latest, DashboardEvent e, int most) {
        latest.addLast(e);
        while (latest.size() > most) {
            latest.removeFirst();
        }
    }
}
