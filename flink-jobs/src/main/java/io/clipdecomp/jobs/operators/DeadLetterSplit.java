package io.clipdecomp.jobs.operators;

import io.clipdecomp.connectors.kafka.DeadLetteringDeserializer;
import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.schemas.DeadLetter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Passes on the values a Kafka source read and sends the records it could not read (the dead letters of a
 * {@link DeadLetteringDeserializer}) to {@link DeadLetters#TAG}, counting both.
 *
 * @param <V> the topic's record type
 */
public class DeadLetterSplit<V extends SpecificRecord> extends ProcessFunction<Either<V, DeadLetter>, V>
        implements ResultTypeQueryable<V> {
    private static final long serialVersionUID = 1L;

    private final Class<V> valueClass;
    private transient Counter read;
    private transient Counter unreadable;

    public DeadLetterSplit(Class<V> valueClass) {
        this.valueClass = valueClass;
    }

    @Override
    public void open(OpenContext context) {
        read = getRuntimeContext().getMetricGroup().counter("recordsRead");
        unreadable = getRuntimeContext().getMetricGroup().counter("recordsUnreadable");
    }

    @Override
    public void processElement(Either<V, DeadLetter> record, Context context, Collector<V> out) {
        if (record.isLeft()) {
            read.inc();
            out.collect(record.left());
        } else {
            unreadable.inc();
            context.output(DeadLetters.TAG, record.right());
        }
    }

    @Override
    public TypeInformation<V> getProducedType() {
        return TypeInformation.of(valueClass);
    }
}
