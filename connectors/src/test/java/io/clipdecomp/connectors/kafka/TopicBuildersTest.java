package io.clipdecomp.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class TopicBuildersTest {

    @Test
    void sourceReadsCommittedWithPolicyFetchSizesAndExtrasLast() {
        TopicSourceBuilder<ImageRecord> b = TopicSourceBuilder.forTopic(Topics.IMAGES)
                .setBootstrapServers("127.0.0.1:9")
                .setGroupId("g1")
                .optRecordSizePolicy(RecordSizePolicy.ofMaxRecordBytes(1 << 20))
                .optProperty("max.partition.fetch.bytes", "12345");
        Properties p = b.consumerProperties();
        assertEquals("127.0.0.1:9", p.getProperty("bootstrap.servers"));
        assertEquals("g1", p.getProperty("group.id"));
        assertEquals("read_committed", p.getProperty("isolation.level"));
        // 1 MiB + 64 KiB is below Kafka's default fetch.max.bytes of 50 MiB, which therefore stays
        assertEquals("52428800", p.getProperty("fetch.max.bytes"));
        assertEquals("12345", p.getProperty("max.partition.fetch.bytes"));
    }

    @Test
    void sourceBoundednessFollowsTheOption() {
        KafkaSource<Either<ImageRecord, DeadLetter>> unbounded = TopicSourceBuilder.forTopic(Topics.IMAGES)
                .setBootstrapServers("127.0.0.1:9").setGroupId("g").build();
        KafkaSource<Either<ImageRecord, DeadLetter>> bounded = TopicSourceBuilder.forTopic(Topics.IMAGES)
                .setBootstrapServers("127.0.0.1:9").setGroupId("g").optBoundedAtLatest().build();
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, unbounded.getBoundedness());
        assertEquals(Boundedness.BOUNDED, bounded.getBoundedness());
    }

    @Test
    void sourceNeedsServersAndGroup() {
        IllegalStateException noServers = assertThrows(IllegalStateException.class,
                () -> TopicSourceBuilder.forTopic(Topics.IMAGES).setGroupId("g").build());
        assertTrue(noServers.getMessage().contains("setBootstrapServers"), noServers.getMessage());
        IllegalStateException noGroup = assertThrows(IllegalStateException.class,
                () -> TopicSourceBuilder.forTopic(Topics.IMAGES).setBootstrapServers("127.0.0.1:9").build());
        assertTrue(noGroup.getMessage().contains("setGroupId"), noGroup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopicSourceBuilder.forTopic(null));
        assertThrows(IllegalArgumentException.class,
                () -> TopicSourceBuilder.forTopic(Topics.IMAGES).setBootstrapServers(" "));
    }

    @Test
    void sinkSetsTransactionTimeoutAndRequestSize() {
        TopicSinkBuilder<DeadLetter> b = TopicSinkBuilder.forTopic(Topics.DEAD_LETTERS)
                .setBootstrapServers("127.0.0.1:9")
                .setTransactionalIdPrefix("test-dl");
        Properties p = b.producerProperties();
        assertEquals("600000", p.getProperty("transaction.timeout.ms"));
        assertEquals(Integer.toString(8 * 1024 * 1024 + 64 * 1024), p.getProperty("max.request.size"));
        assertNotNull(b.build());

        Properties custom = TopicSinkBuilder.forTopic(Topics.DEAD_LETTERS).setBootstrapServers("127.0.0.1:9")
                .optTransactionTimeout(Duration.ofSeconds(90)).optProperty("linger.ms", "5").producerProperties();
        assertEquals("90000", custom.getProperty("transaction.timeout.ms"));
        assertEquals("5", custom.getProperty("linger.ms"));
    }

    @Test
    void exactlyOnceNeedsAPrefixButAtLeastOnceDoesNot() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSinkBuilder.forTopic(Topics.DEAD_LETTERS).setBootstrapServers("127.0.0.1:9").build());
        assertTrue(e.getMessage().contains("setTransactionalIdPrefix"), e.getMessage());
        assertNotNull(TopicSinkBuilder.forTopic(Topics.DEAD_LETTERS).setBootstrapServers("127.0.0.1:9")
                .optDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build());
        assertThrows(IllegalArgumentException.class,
                () -> TopicSinkBuilder.forTopic(Topics.DEAD_LETTERS).optDeliveryGuarantee(DeliveryGuarantee.NONE));
    }

    @Test
    void transactionTimeoutMustStayBelowTheBrokerMaximum() {
        TopicSinkBuilder<DeadLetter> b = TopicSinkBuilder.forTopic(Topics.DEAD_LETTERS)
                .setBootstrapServers("127.0.0.1:9").setTransactionalIdPrefix("p")
                .optTransactionTimeout(Duration.ofMinutes(15));
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("transaction.max.timeout.ms"), e.getMessage());
        assertNotNull(b.optBrokerMaxTransactionTimeout(Duration.ofHours(1)).build());
        assertThrows(IllegalArgumentException.class, () -> b.optTransactionTimeout(Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> TopicSinkBuilder.forTopic(Topics.DEAD_LETTERS)
                .setTransactionalIdPrefix("p").build());
    }
}
