package io.clipdecomp.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.Topics;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Strimzi resources, read by Strimzi's own API classes, against the topic registry and the record-size policy. */
class KafkaResourcesTest {

    private static final RecordSizePolicy POLICY = RecordSizePolicy.DEFAULT;

    @Test
    void theKafkaClusterIsOneStrimziKnowsInEveryField() {
        Kafka kafka = strict(single(Manifests.ofKind("kafka.yaml", "Kafka")), Kafka.class);
        assertTrue(Kafka.VERSIONS.contains(apiVersionOf(kafka.getApiVersion(), Kafka.RESOURCE_GROUP)),
                "Kafka API version " + kafka.getApiVersion() + " is one of Strimzi's " + Kafka.VERSIONS);
        assertNotNull(kafka.getSpec().getKafka().getListeners(), "listeners");
        assertNotNull(kafka.getSpec().getEntityOperator().getTopicOperator(), "the topic operator runs KafkaTopics");
        limited(kafka.getSpec().getEntityOperator().getTopicOperator().getResources(), "topic operator");
        limited(kafka.getSpec().getEntityOperator().getUserOperator().getResources(), "user operator");
    }

    @Test
    void theBrokersAdmitTheLargestRecordThePolicyAdmits() {
        Map<String, Object> config = strict(single(Manifests.ofKind("kafka.yaml", "Kafka")), Kafka.class)
                .getSpec().getKafka().getConfig();
        POLICY.brokerProperties().forEach((key, value) ->
                assertEquals(value, String.valueOf(config.get(key)), "broker " + key + " from RecordSizePolicy"));
    }

    @Test
    void theNodePoolIsAKraftPoolOfTheClusterWithLimits() {
        Kafka kafka = strict(single(Manifests.ofKind("kafka.yaml", "Kafka")), Kafka.class);
        KafkaNodePool pool = strict(single(Manifests.ofKind("kafka.yaml", "KafkaNodePool")), KafkaNodePool.class);
        assertEquals(kafka.getMetadata().getName(), pool.getMetadata().getLabels().get("strimzi.io/cluster"));
        assertEquals(Set.of(ProcessRoles.CONTROLLER, ProcessRoles.BROKER), Set.copyOf(pool.getSpec().getRoles()));
        limited(pool.getSpec().getResources(), "Kafka nodes");
        int replication = Integer.parseInt(String.valueOf(kafka.getSpec().getKafka().getConfig()
                .get("default.replication.factor")));
        assertTrue(pool.getSpec().getReplicas() >= replication, "enough brokers for the replication factor");
    }

    @Test
    void thereIsOneKafkaTopicPerTopicOfTheRegistry() {
        Set<String> registry = Topics.all().stream().map(Topic::name).collect(Collectors.toCollection(TreeSet::new));
        List<KafkaTopic> topics = topics();
        Set<String> declared = topics.stream().map(t -> t.getSpec().getTopicName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(topics.size(), declared.size(), "no topic declared twice");
        assertEquals(registry, declared);
    }

    @Test
    void everyTopicTakesTheLargestRecordAndFitsTheCluster() {
        Kafka kafka = strict(single(Manifests.ofKind("kafka.yaml", "Kafka")), Kafka.class);
        int brokers = strict(single(Manifests.ofKind("kafka.yaml", "KafkaNodePool")), KafkaNodePool.class)
                .getSpec().getReplicas();
        for (KafkaTopic topic : topics()) {
            String name = topic.getSpec().getTopicName();
            assertEquals(kafka.getMetadata().getName(), topic.getMetadata().getLabels().get("strimzi.io/cluster"),
                    name + ": its cluster");
            POLICY.topicConfigs().forEach((key, value) ->
                    assertEquals(value, String.valueOf(topic.getSpec().getConfig().get(key)), name + ": " + key));
            assertTrue(topic.getSpec().getPartitions() >= 1, name + ": partitions");
            assertTrue(topic.getSpec().getReplicas() <= brokers, name + ": replicas within the brokers");
            Object minIsr = topic.getSpec().getConfig().get("min.insync.replicas");
            assertTrue(Integer.parseInt(String.valueOf(minIsr)) < topic.getSpec().getReplicas(),
                    name + ": a broker may be down without stopping the transactional sinks");
            String policy = String.valueOf(topic.getSpec().getConfig().get("cleanup.policy"));
            assertTrue(policy.equals("compact") || topic.getSpec().getConfig().containsKey("retention.ms"),
                    name + ": a retention, or compaction to the latest per key");
        }
    }

    @Test
    void aMisspeltFieldIsFoundEvenThoughStrimziKeepsIt() {
        // the check above would pass a typo if the unknown-property search found nothing: show that it finds one
        ObjectNode topic = single(Manifests.ofKind("kafka-topics.yaml", "KafkaTopic")).deepCopy();
        ((ObjectNode) topic.path("spec")).put("partitons", 3);
        KafkaTopic read = StrictModel.read(topic, KafkaTopic.class);
        assertEquals(List.of("spec.partitons"), StrictModel.unknownProperties(read));
        ObjectNode kafka = single(Manifests.ofKind("kafka.yaml", "Kafka")).deepCopy();
        ((ObjectNode) kafka.path("spec").path("kafka").path("listeners").get(0)).put("tsl", false);
        assertEquals(List.of("spec.kafka.listeners[0].tsl"),
                StrictModel.unknownProperties(StrictModel.read(kafka, Kafka.class)), "found inside a list too");
    }

    private static List<KafkaTopic> topics() {
        List<JsonNode> docs = Manifests.documents("kafka-topics.yaml");
        assertEquals(docs.size(), Manifests.ofKind("kafka-topics.yaml", "KafkaTopic").size(), "only KafkaTopics");
        return docs.stream().map(d -> strict(d, KafkaTopic.class)).toList();
    }

    private static <T> T strict(JsonNode doc, Class<T> type) {
        T model = StrictModel.read(doc, type);
        assertEquals(List.of(), StrictModel.unknownProperties(model),
                "fields Strimzi's " + type.getSimpleName() + " does not know in " + doc.path("metadata").path("name"));
        return model;
    }

    private static JsonNode single(List<JsonNode> docs) {
        assertTrue(!docs.isEmpty(), "no such resource");
        return docs.get(0);
    }

    private static String apiVersionOf(String apiVersion, String group) {
        assertTrue(apiVersion.startsWith(group + "/"), apiVersion + " is of group " + group);
        return apiVersion.substring(group.length() + 1);
    }

    private static void limited(ResourceRequirements resources, String what) {
        assertNotNull(resources, what + ": resources");
        assertTrue(resources.getRequests().containsKey("cpu") && resources.getRequests().containsKey("memory"),
                what + ": cpu and memory requests");
        assertTrue(resources.getLimits().containsKey("cpu") && resources.getLimits().containsKey("memory"),
                what + ": cpu and memory limits");
    }
}
