package io.clipdecomp.dashboard;

import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.connectors.kafka.TopicReader;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the result topics from their beginning with {@code read_committed}, so the page shows only what the job has
 * committed, turns each record into the event that updates the page, and sends the throughput once a second. A topic
 * that does not exist yet is looked for again every few seconds; an unreadable record is logged and passed over.
 */
final class ResultFeed implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long THROUGHPUT_EVERY_NANOS = 1_000_000_000L;
    private static final long LOOK_AGAIN_NANOS = 5_000_000_000L;

    private final String bootstrapServers;
    private final ResultTopics topics;
    private final RecordSizePolicy sizePolicy;
    private final Map<String, String> clientProperties;
    private final DashboardState state;
    private final Consumer<DashboardEvent> publish;
    private final Map<Topic<?>, TopicReader<?>> readers = new LinkedHashMap<>();
    private volatile boolean stopped;

    ResultFeed(String bootstrapServers, ResultTopics topics, RecordSizePolicy sizePolicy,
               Map<String, String> clientProperties, DashboardState state, Consumer<DashboardEvent> publish) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.sizePolicy = sizePolicy;
        this.clientProperties = clientProperties;
        this.state = state;
        this.publish = publish;
    }

    /** Ends the reading loop after its current poll. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long lastThroughput = 0;
        long lastLook = -LOOK_AGAIN_NANOS;
        try {
            while (!stopped) {
                long now = System.nanoTime();
                if (readers.size() < topics.all().size() && now - lastLook >= LOOK_AGAIN_NANOS) {
                    openExistingTopics();
                    lastLook = now;
                }
                if (readers.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                }
                for (Map.Entry<Topic<?>, TopicReader<?>> e : readers.entrySet()) {
                    for (SpecificRecord r : e.getValue().poll(POLL, (id, reason) ->
                            LOG.warn("dashboard: passing over the unreadable record {} of {}: {}", id,
                                    e.getKey().name(), reason))) {
                        show(e.getKey(), r);
                    }
                }
                now = System.nanoTime();
                if (now - lastThroughput >= THROUGHPUT_EVERY_NANOS) {
                    publish.accept(state.throughput(now));
                    lastThroughput = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readers.values().forEach(TopicReader::close);
        }
    }

    private void openExistingTopics() {
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers, Duration.ofSeconds(5), clientProperties)) {
            for (Topic<?> topic : topics.all()) {
                if (!readers.containsKey(topic) && exists(admin, topic)) {
                    readers.put(topic, new TopicReader<>(bootstrapServers, topic, sizePolicy, clientProperties));
                }
            }
        } catch (RuntimeException unreachable) {
            LOG.warn("dashboard: cannot reach Kafka at {} yet ({}); trying again", bootstrapServers,
                    unreachable.getMessage());
        }
    }

    private static boolean exists(TopicAdmin admin, Topic<?> topic) {
        try {
            return admin.partitionCount(topic.name()) > 0;
        } catch (RuntimeException missing) {
            return false;
        }
    }

    private void show(Topic<?> topic, SpecificRecord r) {
        if (topic.equals(topics.decompositions())) {
            state.decomposed(System.nanoTime()); // counted; the throughput event carries it
        } else if (topic.equals(topics.means())) {
            publish.accept(state.means((ComponentMeans) r));
        } else if (topic.equals(topics.textSpan())) {
            publish.accept(state.textSpan((TextSpanResult) r));
        } else if (topic.equals(topics.ablation())) {
            publish.accept(state.ablation((AblationReport) r));
        } else if (topic.equals(topics.spurious())) {
            publish.accept(state.spurious((SpuriousCueReport) r));
        } else if (topic.equals(topics.segmentation())) {
            publish.accept(state.segmentation((SegmentationResult) r));
        } else if (topic.equals(topics.deadLetters())) {
            publish.accept(state.deadLetter((DeadLetter) r));
        } else {
            throw new IllegalStateException("not a result topic: " + topic);
        }
    }
}
