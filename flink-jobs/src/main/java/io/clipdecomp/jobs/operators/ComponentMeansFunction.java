package io.clipdecomp.jobs.operators;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.AblationAccuracies;
import io.clipdecomp.core.analysis.AblationMeans;
import io.clipdecomp.core.analysis.AblationSample;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.MeanAblation;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.spurious.HeadRemoval;
import io.clipdecomp.core.spurious.RemovalSample;
import io.clipdecomp.core.spurious.TermMeans;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.SpuriousCueReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the running sums of heads, MLPs and class-token terms per (model, dataset) key, merged from the
 * subtasks' partial sums, and emits their means when the count reaches each multiple of {@code every} images and,
 * on bounded input, once more at its end (marked final): the means that mean-ablation replaces components with.
 * Given a classifier, it also scores each labelled image on arrival against the running means at that moment
 * (prequential mean-ablation) and reports the accuracies alongside the means. Given heads to remove, it keeps the
 * latest {@link AnalysisSettings#SPURIOUS_WINDOW} (y, place)-labelled images, reduced, and with every emission
 * scores them all against the running means of that moment, plain and with the heads removed: at the end of a
 * bounded input no larger than the window, exactly what {@code spurious} gives for the same images.
 */
public class ComponentMeansFunction extends KeyedProcessFunction<String, PartialSums, ComponentMeans> {
    private static final long serialVersionUID = 1L;

    /** Mean-ablation reports, emitted with the means. */
    public static final OutputTag<AblationReport> ABLATION =
            new OutputTag<>("ablation-reports", new AvroTypeInfo<>(AblationReport.class));
    /** Spurious-cue reports, emitted with the means. */
    public static final OutputTag<SpuriousCueReport> SPURIOUS =
            new OutputTag<>("spurious-reports", new AvroTypeInfo<>(SpuriousCueReport.class));

    private final long every;
    private final String classifierFile;
    private final List<HeadIndex> spuriousHeads;
    private transient ValueState<ComponentSums> sums;
    private transient ValueState<AblationTally> tally;
    private transient MapState<Long, RemovalSampleValue> spuriousWindow;
    private transient ValueState<Long> spuriousSeen;
    private transient LinearClassifier classifier;
    private transient NDManager manager;

    /**
     * @param every images between two emissions
     * @param classifierFile classifier [d, C] .npy for ablation and spurious-cue reports, or null for none
     * @param spuriousHeads heads removed in spurious-cue reports, or empty for none
     */
    public ComponentMeansFunction(long every, String classifierFile, List<HeadIndex> spuriousHeads) {
        if (every < 1) {
            throw new IllegalArgumentException("means must be emitted at least every 1 image, got " + every);
        }
        this.every = every;
        this.classifierFile = classifierFile;
        this.spuriousHeads = List.copyOf(spuriousHeads);
    }

    /** Without spurious-cue reports. */
    public ComponentMeansFunction(long every, String classifierFile) {
        this(every, classifierFile, List.of());
    }

    /** The key of a partial's running sums. */
    public static String keyOf(PartialSums p) {
        return p.sums.model + "/" + p.sums.dataset;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        sums = getRuntimeContext().getState(new ValueStateDescriptor<>("component-sums",
                TypeInformation.of(ComponentSums.class)));
        tally = getRuntimeContext().getState(new ValueStateDescriptor<>("ablation-tally",
                TypeInformation.of(AblationTally.class)));
        spuriousWindow = getRuntimeContext().getMapState(new MapStateDescriptor<>("spurious-window", Types.LONG,
                TypeInformation.of(RemovalSampleValue.class)));
        spuriousSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("spurious-seen", Types.LONG));
        if (classifierFile != null) {
            classifier = LinearClassifier.read(Path.of(classifierFile));
            manager = NDManager.newBaseManager();
        }
    }

    @Override
    public void close() throws Exception {
        if (manager != null) {
            manager.close();
        }
        super.close();
    }

    @Override
    public void processElement(PartialSums partial, Context context, Collector<ComponentMeans> out) throws Exception {
        if (partial.sums.count == 0) {
            return;
        }
        ComponentSums s = sums.value();
        if (s == null) {
            s = new ComponentSums(partial.sums.model, partial.sums.dataset);
            // end of a bounded input brings the watermark to its maximum, which fires this timer
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        long before = s.count;
        s.merge(partial.sums);
        sums.update(s);
        AblationTally t = tally.value();
        if (classifier != null && partial.ablationLabels != null) {
            TermShape shape = new TermShape(s.headShape[0], s.headShape[1], s.headShape[2]);
            List<AblationSample> samples = partial.ablationSamples(shape);
            MeanAblation ablation = new MeanAblation(AblationMeans.fromSums(shape, s.count, s.heads, s.mlps, s.clsAttn),
                    classifier);
            ablation.add(manager, samples);
            t = t == null ? new AblationTally() : t;
            t.add(ablation.images(), ablation.hits());
            tally.update(t);
        }
        if (!spuriousHeads.isEmpty() && partial.spuriousGroups != null) {
            long seen = spuriousSeen.value() == null ? 0 : spuriousSeen.value();
            for (RemovalSample sample : partial.spuriousSamples(s.headShape[2])) {
                spuriousWindow.put(seen++ % AnalysisSettings.SPURIOUS_WINDOW, RemovalSampleValue.of(sample));
            }
            spuriousSeen.update(seen);
        }
        if (before / every < s.count / every) {
            out.collect(means(s, false));
            if (t != null) {
                context.output(ABLATION, report(s, t, false));
            }
            if (spuriousSeen.value() != null) {
                context.output(SPURIOUS, spuriousReport(s, false));
            }
        }
    }

    /** The window's images scored against the running means of now, plain and with the heads removed. */
    private SpuriousCueReport spuriousReport(ComponentSums s, boolean isFinal) throws Exception {
        TermShape shape = new TermShape(s.headShape[0], s.headShape[1], s.headShape[2]);
        TermMeans means = new TermMeans(shape, s.count, divide(s.heads, s.count), divide(s.mlps, s.count));
        HeadRemoval removal = new HeadRemoval(means, classifier, List.of(spuriousHeads));
        List<RemovalSample> window = new ArrayList<>();
        for (RemovalSampleValue v : spuriousWindow.values()) {
            window.add(v.sample());
        }
        removal.add(manager, window);
        return SpuriousCueReport.newBuilder().setModel(s.model).setDataset(s.dataset).setImages(window.size())
                .setHeads(spuriousHeads.stream().map(HeadIndex::toString).toList())
                .setBaseline(removal.baseline().toMap()).setReplaced(removal.replaced(0).toMap())
                .setEmittedAt(Instant.now()).setIsFinal(isFinal).build();
    }

    private static double[] divide(double[] sums, long count) {
        double[] m = new double[sums.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = sums[i] / count;
        }
        return m;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<ComponentMeans> out) throws Exception {
        ComponentSums s = sums.value();
        out.collect(means(s, true));
        AblationTally t = tally.value();
        if (t != null) {
            context.output(ABLATION, report(s, t, true));
        }
        if (spuriousSeen.value() != null) {
            context.output(SPURIOUS, spuriousReport(s, true));
        }
    }

    private static ComponentMeans means(ComponentSums s, boolean isFinal) {
        int[] shape = s.headShape;
        return ComponentMeans.newBuilder().setModel(s.model).setDataset(s.dataset).setCount(s.count)
                .setHeads(FloatTensors.pack(ComponentSums.mean(s.heads, s.count), shape))
                .setMlps(FloatTensors.pack(ComponentSums.mean(s.mlps, s.count), shape[0] + 1, shape[2]))
                .setClsAttn(FloatTensors.pack(ComponentSums.mean(s.clsAttn, s.count), shape[0], shape[2]))
                .setEmittedAt(Instant.now()).setIsFinal(isFinal).build();
    }

    private static AblationReport report(ComponentSums s, AblationTally t, boolean isFinal) {
        AblationAccuracies a = AblationAccuracies.of(t.images, t.hits);
        return AblationReport.newBuilder().setModel(s.model).setDataset(s.dataset).setImages(a.images())
                .setBaseline(a.baseline()).setMlps(a.mlps()).setCls(a.cls()).setMlpsAndCls(a.mlpsAndCls())
                .setAttentionLayers(Arrays.stream(a.attentionLayers()).boxed().toList())
                .setEmittedAt(Instant.now()).setIsFinal(isFinal).build();
    }
}
