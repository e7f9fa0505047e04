package io.clipdecomp.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerRestartIT {

    @Test
    void aGivenLogDirKeepsItsTopicsAcrossRestarts(@TempDir Path dir) {
        Path logDir = dir.resolve("kafka");
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().optLogDir(logDir).start();
                TopicAdmin admin = new TopicAdmin(first.bootstrapServers())) {
            assertTrue(admin.ensureTopic(Topics.DEAD_LETTERS, 2));
        }
        assertTrue(Files.exists(logDir.resolve("meta.properties")), "a given log dir is kept");
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().optLogDir(logDir).start();
                TopicAdmin admin = new TopicAdmin(second.bootstrapServers())) {
            assertFalse(admin.ensureTopic(Topics.DEAD_LETTERS, 2), "the topic survived the restart");
            assertEquals(2, admin.partitionCount(Topics.DEAD_LETTERS.name()));
        }
    }

    @Test
    void aTakenPortIsReported() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedKafkaBroker.builder().optPort(taken.getLocalPort()).start());
            assertTrue(e.getMessage().contains(Integer.toString(taken.getLocalPort())), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafkaBroker.builder().optPort(70000));
    }
}
