package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Kafka client settings from a properties file and repeated flags; the ones clipdecomp makes itself are refused. */
class KafkaOptionsTest {

    @TempDir
    Path dir;

    private static KafkaOptions parse(String... args) {
        StreamCommand command = new StreamCommand();
        new CommandLine(command).parseArgs(args);
        return command.kafka;
    }

    @Test
    void flagsWinOverTheFileAndEverySettingReachesTheEndpoints() throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism = PLAIN\n# a comment\nssl.truststore.type=PEM\n",
                StandardCharsets.UTF_8);
        KafkaOptions kafka = parse("--bootstrap-servers", "b:9093", "--kafka-properties", file.toString(),
                "--kafka-property", "sasl.mechanism=SCRAM-SHA-512", "--kafka-property", "client.dns.lookup=use_all_dns_ips");
        Map<String, String> expected = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.type", "PEM", "client.dns.lookup", "use_all_dns_ips");
        assertEquals(expected, kafka.clientProperties());
        assertEquals(expected, kafka.endpoints("g", "t", false).clientProperties());
    }

    @Test
    void noSettingsMeansNone() throws Exception {
        assertEquals(Map.of(), parse("--bootstrap-servers", "b:9092").clientProperties());
    }

    @Test
    void aSettingClipdecompMakesItselfIsRefusedNamingItsFlagButNotTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                "--bootstrap-servers", "b:9092", "--kafka-property", "bootstrap.servers=elsewhere:9092")
                .clientProperties());
        assertTrue(e.getMessage().contains("bootstrap.servers") && e.getMessage().contains("--bootstrap-servers"),
                e.getMessage());
        assertFalse(e.getMessage().contains("elsewhere"), e.getMessage());
        IllegalArgumentException isolation = assertThrows(IllegalArgumentException.class, () -> parse(
                "--bootstrap-servers", "b:9092", "--kafka-property", "isolation.level=read_uncommitted")
                .clientProperties());
        assertTrue(isolation.getMessage().contains("read_committed"), isolation.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                "--bootstrap-servers", "b:9092", "--kafka-properties", missing.toString()).clientProperties());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void produceRefusesBeforeConnecting() {
        // nothing listens on port 9: the refusal comes from the flags, at once
        CliFixtures.Run run = CliFixtures.run("produce", "--bootstrap-servers", "127.0.0.1:9", "--dataset", "shapes",
                "--count", "1", "--kafka-property", "group.id=other");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("group.id") && run.err().contains("--group-id"), run.err());
    }
}
