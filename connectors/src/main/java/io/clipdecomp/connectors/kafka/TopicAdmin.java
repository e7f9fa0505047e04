package io.clipdecomp.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates clipdecomp's topics with their record size limits, idempotently, through the Kafka Admin API. */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    /** How long one admin call may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final Duration timeout;

    /** An admin client for the cluster at {@code bootstrapServers}, with {@link #DEFAULT_TIMEOUT}. */
    public TopicAdmin(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TIMEOUT);
    }

    /** An admin client for the cluster at {@code bootstrapServers}; each call waits at most {@code timeout}. */
    public TopicAdmin(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, timeout, Map.of());
    }

    /** An admin client with extra client settings (TLS, SASL, ...), applied last. */
    public TopicAdmin(String bootstrapServers, Duration timeout, Map<String, String> clientProperties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("admin timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.putAll(clientProperties);
        this.admin = Admin.create(props);
    }

    /** {@link #ensureTopic(Topic, int, short, RecordSizePolicy)} with replication 1 and the default size policy. */
    public boolean ensureTopic(Topic<?> topic, int partitions) {
        return ensureTopic(topic, partitions, (short) 1, RecordSizePolicy.DEFAULT);
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions, {@code replicationFactor} replicas and
     * {@code max.message.bytes} from {@code sizePolicy}; if it exists already, only sets its
     * {@code max.message.bytes} (an existing topic keeps its partitions).
     *
     * @return true if the topic was created, false if it existed
     * @throws IllegalArgumentException if partitions or replication factor are not positive
     * @throws IllegalStateException if the cluster refuses or does not answer in time
     */
    public boolean ensureTopic(Topic<?> topic, int partitions, short replicationFactor, RecordSizePolicy sizePolicy) {
        if (topic == null || sizePolicy == null) {
            throw new IllegalArgumentException("topic and record size policy must not be null");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of " + topic + " must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor of " + topic + " must be at least 1, got "
                    + replicationFactor);
        }
        NewTopic newTopic = new NewTopic(topic.name(), Optional.of(partitions), Optional.of(replicationFactor))
                .configs(sizePolicy.topicConfigs());
        try {
            await(admin.createTopics(List.of(newTopic)).all(), "create topic " + topic.name());
            LOG.info("Created topic {} with {} partitions, replication {}, {}", topic.name(), partitions,
                    replicationFactor, sizePolicy.topicConfigs());
            return true;
        } catch (TopicExistsException e) {
            alignConfigs(topic.name(), sizePolicy.topicConfigs());
            return false;
        }
    }

    /** The number of brokers the cluster reports: fails, saying why, if it cannot be reached in time. */
    public int brokerCount() {
        return await(admin.describeCluster().nodes(), "reach the cluster").size();
    }

    /** The number of partitions of an existing topic. */
    public int partitionCount(String topicName) {
        return await(admin.describeTopics(List.of(topicName)).allTopicNames(), "describe topic " + topicName)
                .get(topicName).partitions().size();
    }

    /** The value of one config of an existing topic, e.g. {@code max.message.bytes}. */
    public String topicConfig(String topicName, String configName) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topicName);
        ConfigEntry entry = await(admin.describeConfigs(List.of(resource)).all(), "describe topic " + topicName)
                .get(resource).get(configName);
        if (entry == null) {
            throw new IllegalArgumentException("topic " + topicName + " has no config " + configName);
        }
        return entry.value();
    }

    @Override
    public void close() {
        admin.close(timeout);
    }

    private void alignConfigs(String topicName, Map<String, String> configs) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topicName);
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        await(admin.incrementalAlterConfigs(Map.of(resource, ops)).all(), "set configs of topic " + topicName);
        // the broker applies the change from the metadata log a moment later; a producer sending a large record
        // right after ensureTopic must find the raised limit in place
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!configs.entrySet().stream().allMatch(c -> c.getValue().equals(topicConfig(topicName, c.getKey())))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("configs " + configs + " of topic " + topicName
                        + " were accepted but not applied within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the configs of topic " + topicName, e);
            }
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException exists) {
                throw exists;
            }
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
