package io.clipdecomp.jobs.operators;

import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the running sums of heads, MLPs and class-token terms per (model, dataset) key and emits their means
 * every {@code every} images and, on bounded input, once more at its end (marked final): the means that
 * mean-ablation replaces components with.
 */
public class ComponentMeansFunction extends KeyedProcessFunction<String, ImageDecomposition, ComponentMeans> {
    private final long every;
    private transient ValueState<ComponentSums> sums;

    /** @param every images between two emissions */
    public ComponentMeansFunction(long every) {
        if (every < 1) {
            throw new IllegalArgumentException("means must be emitted at least every 1 image, got " + every);
        }
        this.every = every;
    }

    /** The key of a decomposition's running means. */
    public static String keyOf(ImageDecomposition d) {
        return d.getModel() + "/" + d.getDataset();
    }

    @Override
    public void open(OpenContext context) {
        sums = getRuntimeContext().getState(new ValueStateDescriptor<>("component-sums",
                TypeInformation.of(ComponentSums.class)));
    }

    @Override
    public void processElement(ImageDecomposition d, Context context, Collector<ComponentMeans> out) throws Exception {
        ComponentSums s = sums.value();
        if (s == null) {
            s = new ComponentSums(d.getModel(), d.getDataset());
            // end of a bounded input brings the watermark to its maximum, which fires this timer
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        s.add(FloatTensors.unpack(d.getHeads()), FloatTensors.unpack(d.getMlps()), FloatTensors.unpack(d.getClsAttn()),
                FloatTensors.shape(d.getHeads()));
        sums.update(s);
        if (s.count % every == 0) {
            out.collect(means(s, false));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<ComponentMeans> out) throws Exception {
        out.collect(means(sums.value(), true));
    }

    private static ComponentMeans means(ComponentSums s, boolean isFinal) {
        int[] shape = s.headShape;
        return ComponentMeans.newBuilder().setModel(s.model).setDataset(s.dataset).setCount(s.count)
                .setHeads(FloatTensors.pack(ComponentSums.mean(s.heads, s.count), shape))
                .setMlps(FloatTensors.pack(ComponentSums.mean(s.mlps, s.count), shape[0] + 1, shape[2]))
                .setClsAttn(FloatTensors.pack(ComponentSums.mean(s.clsAttn, s.count), shape[0], shape[2]))
                .setEmittedAt(Instant.now()).setIsFinal(isFinal).build();
    }
}
