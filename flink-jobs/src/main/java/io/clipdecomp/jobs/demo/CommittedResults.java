package io.clipdecomp.jobs.demo;

import io.clipdecomp.jobs.KafkaEndpoints;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.connectors.kafka.TopicReader;
import java.time.Duration;

/**
 * Counts the decompositions and dead letters the job has committed, as a read_committed reader sees them:
 * every image produced is one of them once the job is done with it.
 */
final class CommittedResults implements AutoCloseable {
    private final TopicReader<ImageDecomposition> decompositions;
    private final TopicReader<DeadLetter> deadLetters;
    private long count;

    CommittedResults(KafkaEndpoints kafka) {
        decompositions = kafka.reader(kafka.decompositions());
        deadLetters = kafka.reader(kafka.deadLetters());
    }

    /** Reads what arrived within about {@code timeout} and returns the count so far. */
    long poll(Duration timeout) {
        count += decompositions.poll(timeout).size();
        count += deadLetters.poll(Duration.ZERO).size();
        return count;
    }

    /** Results counted so far. */
    long count() {
        return count;
    }

    @Override
    public void close() {
        try (deadLetters) {
            decompositions.close();
        }
    }
}
