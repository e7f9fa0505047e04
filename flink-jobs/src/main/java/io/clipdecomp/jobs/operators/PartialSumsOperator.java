package io.clipdecomp.jobs.operators;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.AblationSample;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.spurious.HeadRemoval;
import io.clipdecomp.core.spurious.RemovalSample;
import io.clipdecomp.core.textspan.HeadMoments;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Pre-aggregates each subtask's decompositions before the keyed sums, so that the means and moments operators
 * see one record per flush instead of one per image and keep up with any number of decomposition subtasks.
 * Per (model, dataset) it adds up the terms, reduces labelled images for mean-ablation and (y, place)-labelled ones
 * for spurious-cue reports, and accumulates the
 * moments of every head of the last N layers, one matrix product per {@link #ROW_BATCH} images. It flushes every
 * {@link #FLUSH_IMAGES} images, before every checkpoint barrier and at the end of input (before the final
 * watermark, which fires the keyed functions' last emissions), so it holds no state of its own. Other
 * watermarks pass without a flush: the keyed sums use no event time before the end, and a flush per periodic
 * watermark would rewrite every head's moments in RocksDB a few times a second.
 */
public class PartialSumsOperator extends AbstractStreamOperator<PartialSums>
        implements OneInputStreamOperator<ImageDecomposition, PartialSums> {
    private static final long serialVersionUID = 1L;

    /** Partial per-head moments, one record per head and flush. */
    public static final OutputTag<HeadMomentsValue> MOMENTS =
            new OutputTag<>("head-moments", TypeInformation.of(HeadMomentsValue.class));
    /** Images between two flushes at most. */
    static final int FLUSH_IMAGES = 1024;
    /** Images whose head rows go through one XᵀX product. */
    static final int ROW_BATCH = 32;

    private final AnalysisSettings settings;
    private transient Map<String, Group> groups;
    private transient NDManager manager;
    private transient int pending;

    public PartialSumsOperator(AnalysisSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        groups = new LinkedHashMap<>();
        if (settings.textSpan() != null) {
            manager = NDManager.newBaseManager();
        }
    }

    @Override
    public void processElement(StreamRecord<ImageDecomposition> element) {
        ImageDecomposition d = element.getValue();
        int[] shape = FloatTensors.shape(d.getHeads());
        String key = d.getModel() + "/" + d.getDataset();
        Group g = groups.computeIfAbsent(key, k -> new Group(d.getModel(), d.getDataset(),
                new TermShape(shape[0], shape[1], shape[2])));
        float[] heads = FloatTensors.unpack(d.getHeads());
        float[] mlps = FloatTensors.unpack(d.getMlps());
        float[] cls = FloatTensors.unpack(d.getClsAttn());
        g.sums.add(heads, mlps, cls, shape);
        if (settings.classifierFile() != null && !d.getLabel().isEmpty()) {
            g.ablation.add(AblationSample.of(g.shape, heads, 0, mlps, 0, cls, 0, d.getLabel().get(0)));
        }
        if (!settings.spuriousHeads().isEmpty() && d.getLabel().size() == 2) {
            int group = (int) (2 * d.getLabel().get(0) + d.getLabel().get(1));
            g.spurious.add(HeadRemoval.sample(g.shape, List.of(settings.spuriousHeads()), heads, 0, mlps, 0, group));
        }
        if (g.moments != null) {
            int tail = g.rows.length / ROW_BATCH; // the last N layers' heads are the tail of each image's terms
            System.arraycopy(heads, heads.length - tail, g.rows, g.rowCount * tail, tail);
            if (++g.rowCount == ROW_BATCH) {
                g.addRows(manager);
            }
        }
        if (++pending >= FLUSH_IMAGES) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            flush();
        }
        super.processWatermark(mark);
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
            if (manager != null) {
                manager.close();
            }
        } finally {
            super.close();
        }
    }

    private void flush() {
        for (Group g : groups.values()) {
            PartialSums p = new PartialSums();
            p.sums = g.sums;
            int n = g.ablation.size();
            if (n > 0) {
                int width = (g.shape.layers() + 2) * g.shape.dim();
                p.ablationLabels = new long[n];
                p.ablationTerms = new double[n * width];
                for (int i = 0; i < n; i++) {
                    AblationSample s = g.ablation.get(i);
                    p.ablationLabels[i] = s.label();
                    PartialSums.pack(s, p.ablationTerms, i * width);
                }
            }
            int m = g.spurious.size();
            if (m > 0) {
                int dim = g.shape.dim();
                p.spuriousGroups = new int[m];
                p.spuriousTerms = new double[2 * m * dim];
                for (int i = 0; i < m; i++) {
                    RemovalSample s = g.spurious.get(i);
                    p.spuriousGroups[i] = s.group();
                    System.arraycopy(s.baseline(), 0, p.spuriousTerms, 2 * i * dim, dim);
                    System.arraycopy(s.keptMinusRemoved()[0], 0, p.spuriousTerms, (2 * i + 1) * dim, dim);
                }
            }
            output.collect(new StreamRecord<>(p));
            if (g.moments != null) {
                g.addRows(manager);
                int firstLayer = g.shape.layers() - settings.textSpan().lastLayers();
                for (int i = 0; i < g.moments.length; i++) {
                    output.collect(MOMENTS, new StreamRecord<>(HeadMomentsValue.of(g.model, g.dataset,
                            firstLayer + i / g.shape.heads(), i % g.shape.heads(), g.moments[i])));
                }
            }
        }
        groups.clear();
        pending = 0;
    }

    /** What one (model, dataset) gathered since the last flush. */
    private final class Group {
        final String model;
        final String dataset;
        final TermShape shape;
        final ComponentSums sums;
        final List<AblationSample> ablation = new ArrayList<>();
        final List<RemovalSample> spurious = new ArrayList<>();
        final HeadMoments[] moments;
        final float[] rows;
        int rowCount;

        Group(String model, String dataset, TermShape shape) {
            this.model = model;
            this.dataset = dataset;
            this.shape = shape;
            this.sums = new ComponentSums(model, dataset);
            AnalysisSettings.TextSpanSettings ts = settings.textSpan();
            if (ts == null) {
                moments = null;
                rows = null;
            } else {
                if (ts.lastLayers() > shape.layers()) {
                    throw new IllegalArgumentException("TextSpan of the last " + ts.lastLayers() + " layers needs a "
                            + "model of as many; " + model + " has " + shape.layers());
                }
                moments = new HeadMoments[ts.lastLayers() * shape.heads()];
                for (int i = 0; i < moments.length; i++) {
                    moments[i] = new HeadMoments(shape.dim());
                }
                rows = new float[ROW_BATCH * moments.length * shape.dim()];
            }
        }

        /** Adds the buffered head rows to the moments, one product per head. */
        void addRows(NDManager manager) {
            int tail = moments.length * shape.dim();
            for (int i = 0; i < moments.length; i++) {
                moments[i].addRows(manager, rows, i * shape.dim(), rowCount, tail);
            }
            rowCount = 0;
        }
    }
}
