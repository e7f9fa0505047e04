package io.clipdecomp.jobs.operators;

import io.clipdecomp.schemas.DeadLetter;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts the dead letters on their way to their sink, in an accumulator, so a run can say how many there were. */
public class DeadLetterCount extends RichMapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** Accumulator counting dead letters. */
    public static final String ACCUMULATOR = "deadLettered";

    private transient LongCounter count;

    @Override
    public void open(OpenContext context) {
        count = new LongCounter();
        getRuntimeContext().addAccumulator(ACCUMULATOR, count);
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        count.add(1);
        return letter;
    }
}
