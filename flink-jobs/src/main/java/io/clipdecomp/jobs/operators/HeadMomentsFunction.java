package io.clipdecomp.jobs.operators;

import io.clipdecomp.core.textspan.HeadMoments;
import io.clipdecomp.core.textspan.HeadTextSpan;
import io.clipdecomp.core.textspan.TextSet;
import io.clipdecomp.core.textspan.TextSpanSelector;
import io.clipdecomp.schemas.TextSpanResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps one head's moments in keyed state (key {@code model/dataset/layer/head}, one value), merged from the
 * subtasks' partial moments, and runs TextSpan on them when the head's image count reaches each multiple of
 * {@code every} and, on bounded input, at its end (marked final): the same texts {@code textspan} picks from the
 * files of the same images.
 */
public class HeadMomentsFunction extends KeyedProcessFunction<String, HeadMomentsValue, TextSpanResult> {
    private static final long serialVersionUID = 1L;

    private final AnalysisSettings.TextSpanSettings settings;
    private transient ValueState<HeadMomentsValue> moments;
    private transient TextSet textSet;
    private transient TextSpanSelector selector;

    public HeadMomentsFunction(AnalysisSettings.TextSpanSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        moments = getRuntimeContext().getState(new ValueStateDescriptor<>("head-moments",
                TypeInformation.of(HeadMomentsValue.class)));
        textSet = TextSet.read(settings.textSetName(), Path.of(settings.textFile()), Path.of(settings.embeddingFile()));
        selector = new TextSpanSelector(textSet.embeddings(), settings.textsPerHead(), settings.rank());
    }

    @Override
    public void processElement(HeadMomentsValue partial, Context context, Collector<TextSpanResult> out)
            throws Exception {
        if (partial.count == 0) {
            return;
        }
        HeadMomentsValue current = moments.value();
        long before = 0;
        if (current == null) {
            current = partial;
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        } else {
            before = current.count;
            HeadMoments merged = current.moments();
            merged.merge(partial.moments());
            current = HeadMomentsValue.of(current.model, current.dataset, current.layer, current.head, merged);
        }
        moments.update(current);
        if (before / settings.every() < current.count / settings.every() && current.count >= 2) {
            out.collect(result(current, false));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<TextSpanResult> out) throws Exception {
        HeadMomentsValue current = moments.value();
        if (current.count >= 2) {
            out.collect(result(current, true));
        }
    }

    private TextSpanResult result(HeadMomentsValue v, boolean isFinal) {
        HeadTextSpan span = selector.select(v.layer, v.head, v.moments());
        return TextSpanResult.newBuilder().setModel(v.model).setDataset(v.dataset).setLayer(v.layer).setHead(v.head)
                .setImages(v.count).setIndices(Arrays.stream(span.indices()).boxed().toList())
                .setTexts(textSet.texts(span.indices()))
                .setVarianceShares(Arrays.stream(span.varianceShares()).boxed().toList())
                .setTextSet(textSet.name()).setEmittedAt(Instant.now()).setIsFinal(isFinal).build();
    }
}
