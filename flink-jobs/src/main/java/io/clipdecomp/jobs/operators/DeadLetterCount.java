package io.clipdecomp.jobs.operators;

import io.clipdecomp.schemas.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Counts the dead letters on their way to their sink: in an accumulator, so a run can say how many there were, and
 * as a metric per stage (the label {@code stage}: a handful of values our operators set, never a record's content).
 */
public class DeadLetterCount extends RichMapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** Accumulator counting dead letters. */
    public static final String ACCUMULATOR = "deadLettered";
    /** Metric counting the dead letters of one stage, in the group {@code stage} = the stage's name. */
    public static final String METRIC = "deadLetters";
    /** The metric group key (a Prometheus label) that names the stage. */
    public static final String STAGE = "stage";

    private transient LongCounter count;
    private transient Map<String, Counter> byStage;

    @Override
    public void open(OpenContext context) {
        count = new LongCounter();
        getRuntimeContext().addAccumulator(ACCUMULATOR, count);
        byStage = new HashMap<>();
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        count.add(1);
        byStage.computeIfAbsent(letter.getStage(),
                stage -> getRuntimeContext().getMetricGroup().addGroup(STAGE, stage).counter(METRIC)).inc();
        return letter;
    }
}
