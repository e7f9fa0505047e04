package io.clipdecomp.jobs.cli;

import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.jobs.KafkaEndpoints;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The flags naming a Kafka cluster, how to connect to it, and the topics a command reads and writes. */
public final class KafkaOptions {

    // client settings clipdecomp makes itself, each from the flag or guarantee named here
    private static final Map<String, String> OWN_SETTINGS = Map.ofEntries(
            Map.entry("bootstrap.servers", "--bootstrap-servers"),
            Map.entry("group.id", "--group-id"),
            Map.entry("transactional.id", "--transactional-id-prefix"),
            Map.entry("isolation.level", "exactly-once reading (always read_committed)"),
            Map.entry("key.serializer", "the topics' format (string keys, Avro values)"),
            Map.entry("value.serializer", "the topics' format (string keys, Avro values)"),
            Map.entry("key.deserializer", "the topics' format (string keys, Avro values)"),
            Map.entry("value.deserializer", "the topics' format (string keys, Avro values)"),
            Map.entry("max.request.size", "--max-record-bytes"),
            Map.entry("max.partition.fetch.bytes", "--max-record-bytes"),
            Map.entry("fetch.max.bytes", "--max-record-bytes"));

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "The Kafka cluster.")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting for every client this command makes (sources, sinks, admin, "
                    + "producers), e.g. security.protocol=SASL_SSL; repeatable; wins over --kafka-properties.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "A Java properties file of Kafka client settings (TLS, SASL, ...) for every client this "
                    + "command makes; keeps secrets such as sasl.jaas.config off the command line.")
    Path kafkaPropertiesFile;

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

    @Option(names = "--spurious-topic", defaultValue = "clipdecomp.spurious-reports",
            description = "Default: ${DEFAULT-VALUE}.")
    String spuriousTopic;

    @Option(names = "--segmentation-topic", defaultValue = "clipdecomp.segmentation-results",
            description = "Default: ${DEFAULT-VALUE}.")
    String segmentationTopic;

    @Option(names = "--dead-letters-topic", defaultValue = "clipdecomp.dead-letters",
            description = "Default: ${DEFAULT-VALUE}.")
    String deadLettersTopic;

    @Option(names = "--max-record-bytes", defaultValue = "8388608",
            description = "Largest record value sent or read; larger ones are dead-lettered (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    /** The endpoints for a job or producer with this consumer group and transactional-id prefix. */
    KafkaEndpoints endpoints(String groupId, String transactionalIdPrefix, boolean bounded) throws IOException {
        return new KafkaEndpoints(bootstrapServers, Topics.IMAGES.withName(imagesTopic),
                Topics.DECOMPOSITIONS.withName(decompositionsTopic), Topics.COMPONENT_MEANS.withName(meansTopic),
                Topics.TEXTSPAN_RESULTS.withName(textSpanTopic), Topics.ABLATION_REPORTS.withName(ablationTopic),
                Topics.SPURIOUS_REPORTS.withName(spuriousTopic), Topics.SEGMENTATION_RESULTS.withName(segmentationTopic),
                Topics.DEAD_LETTERS.withName(deadLettersTopic), groupId, transactionalIdPrefix, bounded,
                RecordSizePolicy.ofMaxRecordBytes(maxRecordBytes), clientProperties());
    }

    /**
     * The client settings: the file's, then the {@code --kafka-property} ones over them. A setting clipdecomp
     * makes itself is refused, naming the flag that governs it; values are never printed (they may be secrets).
     */
    Map<String, String> clientProperties() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (kafkaPropertiesFile != null) {
            if (!Files.isRegularFile(kafkaPropertiesFile)) {
                throw new IllegalArgumentException("--kafka-properties file " + kafkaPropertiesFile
                        + " does not exist or is not a file");
            }
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(kafkaPropertiesFile, StandardCharsets.UTF_8)) {
                file.load(in);
            }
            file.stringPropertyNames().stream().sorted().forEach(key -> settings.put(key, file.getProperty(key)));
        }
        settings.putAll(kafkaProperties);
        for (String key : settings.keySet()) {
            if (key.isBlank()) {
                throw new IllegalArgumentException("a Kafka client setting has an empty name: write KEY=VALUE");
            }
            String owner = OWN_SETTINGS.get(key);
            if (owner != null) {
                throw new IllegalArgumentException("Kafka client setting " + key + " is not accepted in --kafka-property"
                        + " or --kafka-properties: clipdecomp sets it from " + owner);
            }
        }
        return settings;
    }
}
