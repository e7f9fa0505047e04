package io.clipdecomp.jobs.operators;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.schemas.ImageDecomposition;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets through to Kafka only decompositions that fit the topic's record limit: per-token terms are dropped
 * (they never travel through Kafka), and a record still too large (e.g. many text scores on a large model)
 * is dead-lettered with stage {@value DeadLetters#SIZE} rather than failing the producer.
 */
public class KafkaSizeGate extends ProcessFunction<ImageDecomposition, ImageDecomposition> {
    private static final long serialVersionUID = 1L;

    private final RecordSizePolicy policy;
    private transient Counter rejected;

    public KafkaSizeGate(RecordSizePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void open(OpenContext context) {
        rejected = getRuntimeContext().getMetricGroup().counter("decompositionsOverSize");
    }

    @Override
    public void processElement(ImageDecomposition d, Context context, Collector<ImageDecomposition> out) {
        ImageDecomposition record = d.getTokenTerms() == null ? d
                : ImageDecomposition.newBuilder(d).setTokenTerms(null).build();
        long size = RecordSizePolicy.serializedSize(record);
        if (policy.admits(size)) {
            out.collect(record);
            return;
        }
        rejected.inc();
        context.output(DeadLetters.TAG, DeadLetters.of(d.getId(), d.getIndex(), d.getDataset(), DeadLetters.SIZE,
                "decomposition " + policy.rejectionReason(size), d.getEventTime().toEpochMilli(), (int) size));
    }
}
