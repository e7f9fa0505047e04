package io.clipdecomp.jobs;

import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.connectors.kafka.TopicReader;
import io.clipdecomp.connectors.kafka.TopicSinkBuilder;
import io.clipdecomp.connectors.kafka.TopicSourceBuilder;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.dashboard.DashboardServer;
import io.clipdecomp.dashboard.ResultTopics;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.types.Either;

/**
 * Where a streaming decomposition reads and writes: the cluster and how to connect to it, its topics, the
 * consumer group and the transactional-id prefix of its exactly-once sinks.
 *
 * @param bootstrapServers the Kafka cluster
 * @param images input topic
 * @param decompositions output topic of per-image decompositions
 * @param means output topic of running means
 * @param textSpanResults output topic of per-head TextSpan results
 * @param ablationReports output topic of mean-ablation reports
 * @param spuriousReports output topic of spurious-cue reports
 * @param segmentationResults output topic of per-image segmentations
 * @param deadLetters output topic of rejected records
 * @param groupId consumer group of the images source (offsets commit with checkpoints, for monitoring)
 * @param transactionalIdPrefix prefix of the sinks' transactional ids; unique per job, stable across its restarts
 * @param bounded stop at the images topic's end offsets as of the start (for demos and tests)
 * @param sizePolicy record size limits, consistent for producers, topics and consumers
 * @param clientProperties Kafka client settings (TLS, SASL, ...) for every client made from these endpoints:
 *     sources, sinks, admin and producers; applied after clipdecomp's own
 */
public record KafkaEndpoints(String bootstrapServers, Topic<ImageRecord> images, Topic<ImageDecomposition> decompositions,
                             Topic<ComponentMeans> means, Topic<TextSpanResult> textSpanResults,
                             Topic<AblationReport> ablationReports, Topic<SpuriousCueReport> spuriousReports,
                             Topic<SegmentationResult> segmentationResults, Topic<DeadLetter> deadLetters,
                             String groupId,
                             String transactionalIdPrefix, boolean bounded, RecordSizePolicy sizePolicy,
                             Map<String, String> clientProperties) {

    public KafkaEndpoints {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The standard topics of {@link Topics} on a cluster that needs no client settings. */
    public static KafkaEndpoints standard(String bootstrapServers, String groupId, String transactionalIdPrefix,
                                          boolean bounded) {
        return new KafkaEndpoints(bootstrapServers, Topics.IMAGES, Topics.DECOMPOSITIONS, Topics.COMPONENT_MEANS,
                Topics.TEXTSPAN_RESULTS, Topics.ABLATION_REPORTS, Topics.SPURIOUS_REPORTS,
                Topics.SEGMENTATION_RESULTS, Topics.DEAD_LETTERS, groupId,
                transactionalIdPrefix, bounded, RecordSizePolicy.DEFAULT, Map.of());
    }

    /** The topics the dashboard shows: every output of the job. */
    public ResultTopics resultTopics() {
        return new ResultTopics(decompositions, means, textSpanResults, ablationReports, spuriousReports,
                segmentationResults, deadLetters);
    }

    /** Starts a dashboard of these endpoints' results on {@code address}. */
    public DashboardServer dashboard(InetSocketAddress address) throws IOException {
        return DashboardServer.start(bootstrapServers, resultTopics(), sizePolicy, clientProperties, address);
    }

    /** All the job's topics. */
    public List<Topic<?>> topics() {
        return List.of(images, decompositions, means, textSpanResults, ablationReports, spuriousReports,
                segmentationResults, deadLetters);
    }

    /**
     * The images source: read_committed, from the offsets of the checkpoint restored (else the earliest);
     * unreadable records as dead letters.
     */
    public KafkaSource<Either<ImageRecord, DeadLetter>> imageSource() {
        TopicSourceBuilder<ImageRecord> b = TopicSourceBuilder.forTopic(images).setBootstrapServers(bootstrapServers)
                .setGroupId(groupId).optRecordSizePolicy(sizePolicy);
        clientProperties.forEach(b::optProperty);
        return bounded ? b.optBoundedAtLatest().build() : b.build();
    }

    /** An exactly-once sink to one of the output topics. */
    public <V extends SpecificRecord> KafkaSink<V> sink(Topic<V> topic) {
        TopicSinkBuilder<V> b = TopicSinkBuilder.forTopic(topic).setBootstrapServers(bootstrapServers)
                .setTransactionalIdPrefix(transactionalIdPrefix + "-" + topic.name())
                .optRecordSizePolicy(sizePolicy);
        clientProperties.forEach(b::optProperty);
        return b.build();
    }

    /** An admin client of the cluster. */
    public TopicAdmin admin() {
        return admin(TopicAdmin.DEFAULT_TIMEOUT);
    }

    /** An admin client of the cluster whose calls wait at most {@code timeout}. */
    public TopicAdmin admin(Duration timeout) {
        return new TopicAdmin(bootstrapServers, timeout, clientProperties);
    }

    /** A publisher of images to the images topic, and of those too large to the dead-letter topic. */
    public ImagePublisher publisher() {
        return new ImagePublisher(bootstrapServers, images, deadLetters, sizePolicy, clientProperties);
    }

    /** A read_committed reader of one of the topics. */
    public <V extends SpecificRecord> TopicReader<V> reader(Topic<V> topic) {
        return new TopicReader<>(bootstrapServers, topic, sizePolicy, clientProperties);
    }

    /** The decomposition job between these topics. */
    public KafkaDecompositionJob job(DecompositionJob.Settings settings) {
        return new KafkaDecompositionJob(imageSource(), sink(decompositions), sink(means), sink(textSpanResults),
                sink(ablationReports), sink(spuriousReports), sink(segmentationResults), sink(deadLetters), settings, sizePolicy);
    }
}
