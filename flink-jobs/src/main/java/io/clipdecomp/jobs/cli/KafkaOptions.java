package io.clipdecomp.jobs.cli;

import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.jobs.KafkaEndpoints;
import picocli.CommandLine.Option;

/** The flags naming a Kafka cluster and the topics a command reads and writes. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "The Kafka cluster.")
    String bootstrapServers;

    @Option(names = "--images-topic", defaultValue = "clipdecomp.images", description = "Default: ${DEFAULT-VALUE}.")
    String imagesTopic;

    @Option(names = "--decompositions-topic", defaultValue = "clipdecomp.decompositions",
            description = "Default: ${DEFAULT-VALUE}.")
    String decompositionsTopic;

    @Option(names = "--means-topic", defaultValue = "clipdecomp.component-means", description = "Default: ${DEFAULT-VALUE}.")
    String meansTopic;

    @Option(names = "--textspan-topic", defaultValue = "clipdecomp.textspan-results",
            description = "Default: ${DEFAULT-VALUE}.")
    String textSpanTopic;

    @Option(names = "--ablation-topic", defaultValue = "clipdecomp.ablation-reports",
            description = "Default: ${DEFAULT-VALUE}.")
    String ablationTopic;

    @Option(names = "--dead-letters-topic", defaultValue = "clipdecomp.dead-letters",
            description = "Default: ${DEFAULT-VALUE}.")
    String deadLettersTopic;

    @Option(names = "--max-record-bytes", defaultValue = "8388608",
            description = "Largest record value sent or read; larger ones are dead-lettered (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    /** The endpoints for a job or producer with this consumer group and transactional-id prefix. */
    KafkaEndpoints endpoints(String groupId, String transactionalIdPrefix, boolean bounded) {
        return new KafkaEndpoints(bootstrapServers, Topics.IMAGES.withName(imagesTopic),
                Topics.DECOMPOSITIONS.withName(decompositionsTopic), Topics.COMPONENT_MEANS.withName(meansTopic),
                Topics.TEXTSPAN_RESULTS.withName(textSpanTopic), Topics.ABLATION_REPORTS.withName(ablationTopic),
                Topics.DEAD_LETTERS.withName(deadLettersTopic), groupId, transactionalIdPrefix, bounded,
                RecordSizePolicy.ofMaxRecordBytes(maxRecordBytes));
    }
}
