package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.connectors.kafka.TopicReader;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce} and a bounded {@code stream} against a broker that accepts only SASL (PLAIN) clients: with
 * {@code --kafka-properties} and {@code --kafka-property} every client they make gets in, and the images come
 * out decomposed; a client without the settings, or with a wrong password, is refused. The user and password
 * are made up here for this broker only.
 */
class KafkaSecurityIT {
    private static final String USER = "clipdecomp-test";
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static final int IMAGES = 6;

    @TempDir
    static Path shared;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void saslBroker() {
        broker = EmbeddedKafkaBroker.builder().optSaslPlainUsers(Map.of(USER, PASSWORD)).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Map<String, String> sasl(String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                        + "\" password=\"" + password + "\";");
    }

    @Test
    void aClientWithoutTheSettingsOrWithAWrongPasswordIsRefused() {
        try (TopicAdmin plain = new TopicAdmin(broker.bootstrapServers(), Duration.ofSeconds(5))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> plain.ensureTopic(Topics.IMAGES.withName("refused.plain"), 1));
            assertTrue(e.getMessage().startsWith("cannot create topic refused.plain"), e.getMessage());
        }
        try (TopicAdmin wrong = new TopicAdmin(broker.bootstrapServers(), Duration.ofSeconds(10),
                sasl("not-" + PASSWORD))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> wrong.ensureTopic(Topics.IMAGES.withName("refused.wrong"), 1));
            assertTrue(e.getMessage().contains("Authentication failed"), e.getMessage());
        }
        try (TopicAdmin right = new TopicAdmin(broker.bootstrapServers(), Duration.ofSeconds(30), sasl(PASSWORD))) {
            assertTrue(right.ensureTopic(Topics.IMAGES.withName("accepted"), 1), "the right password gets in");
        }
    }

    @Test
    @Timeout(300) // a client left without the settings would wait for the broker forever
    void produceAndStreamWithTheSettingsDecomposeEveryImage(@TempDir Path dir) throws Exception {
        Path model = CliFixtures.model(dir.resolve("tiny"));
        // the secret goes in a file; the rest on the command line
        Path secrets = Files.writeString(dir.resolve("client.properties"),
                "sasl.jaas.config=" + sasl(PASSWORD).get("sasl.jaas.config") + "\n", StandardCharsets.UTF_8);
        String[] connection = {"--bootstrap-servers", broker.bootstrapServers(), "--kafka-properties",
            secrets.toString(), "--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property",
            "sasl.mechanism=PLAIN", "--images-topic", "sec.images", "--decompositions-topic", "sec.decompositions",
            "--means-topic", "sec.means", "--dead-letters-topic", "sec.dead-letters"};

        CliFixtures.Run produced = CliFixtures.run(concat(new String[] {"produce", "--dataset", "shapes", "--count",
            Integer.toString(IMAGES), "--seed", "3"}, connection)).ok();
        assertTrue(produced.out().contains("produced " + IMAGES + " images"), produced.out());

        CliFixtures.Run streamed = CliFixtures.run(concat(new String[] {"stream", "--model-dir", model.toString(),
            "--bounded", "--checkpoint-dir", dir.resolve("flink").toString(), "--checkpoint-interval", "500ms",
            "--group-id", "sec", "--transactional-id-prefix", "sec-" + UUID.randomUUID(), "--batch-size", "3"},
            connection)).ok();
        assertTrue(streamed.out().contains("stream: consumed " + IMAGES + " records: decomposed " + IMAGES
                + ", dead-lettered 0"), streamed.out());

        List<ImageDecomposition> decompositions = read(Topics.DECOMPOSITIONS.withName("sec.decompositions"));
        List<DeadLetter> deadLetters = read(Topics.DEAD_LETTERS.withName("sec.dead-letters"));
        assertEquals(List.of(), deadLetters, "dead letters");
        Set<Long> indices = new TreeSet<>();
        decompositions.forEach(d -> indices.add(d.getIndex()));
        assertEquals(LongStream.range(0, IMAGES).boxed().collect(Collectors.toSet()), indices, "every image decomposed");
        assertEquals(IMAGES, decompositions.size(), "no duplicates");
        for (ImageDecomposition d : decompositions) {
            assertEquals("tiny", d.getModel());
            assertEquals(List.of(CliFixtures.config().embedDim()), d.getEmbedding().getShape(), "embedding shape");
        }
    }

    private static <V extends SpecificRecord> List<V> read(Topic<V> topic) {
        try (TopicReader<V> reader = new TopicReader<>(broker.bootstrapServers(), topic, RecordSizePolicy.DEFAULT,
                sasl(PASSWORD))) {
            return reader.readAll();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
