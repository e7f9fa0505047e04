package io.clipdecomp.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipdecomp.jobs.StreamingEnvironments;
import io.clipdecomp.jobs.cli.FlinkJobCommand;
import io.clipdecomp.jobs.operators.DeviceAssignment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The FlinkDeployment: its configuration keys are Flink's, its pod templates are pods fabric8 knows field by
 * field, the GPU TaskManagers have one slot per GPU, and the job's arguments are ones {@code stream} accepts and
 * that agree with the cluster's configuration.
 */
class FlinkDeploymentTest {

    private final FlinkDeployment deployment = new FlinkDeployment();
    private final Map<String, String> conf = deployment.configuration();

    @Test
    void everyConfigurationKeyIsAFlinkOption() {
        List<String> unknown = conf.keySet().stream().filter(k -> !FlinkConfigOptions.isKnown(k)).toList();
        assertEquals(List.of(), unknown, "keys Flink would ignore (none of " + FlinkConfigOptions.keys().size()
                + " ConfigOption keys on the classpath, nor of " + FlinkConfigOptions.PREFIX_FAMILIES + ")");
    }

    @Test
    void theOptionScanFindsFlinksKeysAndNotAMisspeltOne() {
        // a scan that found nothing, or everything, would pass any configuration
        for (String key : List.of("taskmanager.numberOfTaskSlots", "taskmanager.memory.task.off-heap.size",
                "state.backend.type", "execution.checkpointing.incremental", "high-availability.storageDir",
                "external-resources", "state.backend.rocksdb.metrics.estimate-live-data-size")) {
            assertTrue(FlinkConfigOptions.isKnown(key), key);
        }
        assertFalse(FlinkConfigOptions.isKnown("taskmanager.numberOfTaskSlot"));
        assertFalse(FlinkConfigOptions.isKnown("state.backend.incremental.checkpoints"));
    }

    @Test
    void theReporterTheConfigurationNamesIsFlinksOwn() throws Exception {
        assertTrue(MetricReporterFactory.class.isAssignableFrom(
                Class.forName(conf.get("metrics.reporter.prom.factory.class"))));
        // Flink's GPU driver (plugins/external-resource-gpu of the distribution) is not on Central for Flink 2.x,
        // so its class is checked by name: the driver that gives each GPU the "index" DeviceAssignment reads
        assertEquals("org.apache.flink.externalresource.gpu.GPUDriverFactory",
                conf.get("external-resource." + DeviceAssignment.RESOURCE + ".driver-factory.class"));
    }

    @Test
    void eachGpuTaskManagerHasOneGpuAndOneSlot() {
        String gpu = DeviceAssignment.RESOURCE;
        assertEquals(List.of(gpu), List.of(conf.get("external-resources").split(";")));
        assertEquals("nvidia.com/gpu", conf.get("external-resource." + gpu + ".kubernetes.config-key"));
        int gpus = Integer.parseInt(conf.get("external-resource." + gpu + ".amount"));
        assertEquals(gpus, Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots")), "one slot per GPU");
        Container main = FlinkDeployment.mainContainer(deployment.taskManagerPodTemplate());
        Quantity one = new Quantity(Integer.toString(gpus));
        assertEquals(one, main.getResources().getRequests().get("nvidia.com/gpu"));
        assertEquals(one, main.getResources().getLimits().get("nvidia.com/gpu"));
    }

    @Test
    void libtorchsNativeMemoryFitsInTheTaskManager() {
        MemorySize offHeap = MemorySize.parse(conf.get("taskmanager.memory.task.off-heap.size"));
        MemorySize process = MemorySize.parse(deployment.spec.path("taskManager").path("resource").path("memory")
                .asText());
        assertTrue(offHeap.getBytes() >= MemorySize.parse("1g").getBytes(), "room for libtorch: " + offHeap);
        assertTrue(offHeap.getBytes() < process.getBytes() / 2, offHeap + " of " + process);
    }

    @Test
    void thePodTemplatesArePodsInEveryField() {
        Map<String, JsonNode> templates = Map.of("spec.podTemplate", deployment.spec.path("podTemplate"),
                "spec.taskManager.podTemplate", deployment.spec.path("taskManager").path("podTemplate"));
        templates.forEach((path, node) -> assertEquals(List.of(),
                StrictModel.unknownProperties(StrictModel.read(node, Pod.class)),
                "fields fabric8's Pod does not know in " + path));
    }

    @Test
    void everyContainerHasRequestsAndLimits() {
        for (String role : List.of("jobManager", "taskManager")) {
            JsonNode resource = deployment.spec.path(role).path("resource");
            // Flink sets the main container's cpu and memory requests and limits from these
            assertTrue(resource.path("cpu").isNumber() && resource.path("memory").isTextual(), role + ".resource");
        }
        for (Pod pod : List.of(deployment.podTemplate(), deployment.taskManagerPodTemplate())) {
            for (Container c : pod.getSpec().getContainers()) {
                assertNotNull(c.getResources(), c.getName());
                assertFalse(c.getResources().getRequests().isEmpty(), c.getName() + " requests");
                assertFalse(c.getResources().getLimits().isEmpty(), c.getName() + " limits");
                if (!c.getName().equals(FlinkDeployment.MAIN_CONTAINER)) {
                    assertTrue(c.getResources().getLimits().keySet().containsAll(List.of("cpu", "memory")),
                            c.getName() + ": cpu and memory limits");
                }
            }
        }
    }

    @Test
    void thePodsRunAsNonRootOnAReadOnlyRootWithWritableVolumes() {
        Pod pod = deployment.podTemplate();
        assertEquals(Boolean.TRUE, pod.getSpec().getSecurityContext().getRunAsNonRoot());
        Container main = FlinkDeployment.mainContainer(pod);
        assertEquals(Boolean.TRUE, main.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, main.getSecurityContext().getAllowPrivilegeEscalation());
        List<String> mounts = main.getVolumeMounts().stream().map(VolumeMount::getMountPath).toList();
        for (String tmp : conf.get("io.tmp.dirs").split(":")) {
            assertTrue(mounts.stream().anyMatch(tmp::startsWith), "io.tmp.dirs " + tmp + " on a volume");
        }
        Matcher djl = Pattern.compile("DJL_CACHE_DIR=(\\S+)").matcher(Build.dockerfile());
        assertTrue(djl.find(), "the image sets DJL_CACHE_DIR");
        assertTrue(mounts.stream().anyMatch(djl.group(1)::startsWith), "DJL's natives extract to a volume");
        assertTrue(mounts.contains("/opt/flink/log"), "Flink's log folder is writable");
    }

    @Test
    void checkpointsSavepointsAndHaLieOnTheSharedVolume() {
        Pod pod = deployment.podTemplate();
        Container main = FlinkDeployment.mainContainer(pod);
        String claim = pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = StrictModel.read(Manifests.document("flink-data-pvc.yaml"),
                PersistentVolumeClaim.class);
        assertEquals(List.of(), StrictModel.unknownProperties(pvc));
        assertEquals(claim, pvc.getMetadata().getName());
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes(), "every pod mounts it");
        String volume = main.getVolumeMounts().stream().filter(m -> m.getName().equals(pod.getSpec().getVolumes()
                .stream().filter(v -> v.getPersistentVolumeClaim() != null).findFirst().orElseThrow().getName()))
                .findFirst().orElseThrow().getMountPath();
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertTrue(conf.get(key).startsWith("file://" + volume + "/"), key + " on " + volume);
        }
        assertEquals("kubernetes", conf.get("high-availability.type"));
        assertEquals("rocksdb", conf.get("state.backend.type"));
        assertEquals("true", conf.get("execution.checkpointing.incremental"));
        assertEquals("savepoint", deployment.spec.path("job").path("upgradeMode").asText());
    }

    @Test
    void theJobArgumentsAreOnesStreamAcceptsAndAgreeWithTheCluster() {
        ParseResult parsed = new CommandLine(new FlinkJobCommand()).parseArgs(
                deployment.jobArgs().toArray(String[]::new));
        assertTrue(parsed.hasSubcommand(), "a command");
        ParseResult stream = parsed.subcommand();
        assertEquals("stream", stream.commandSpec().name());
        // the job sets its own checkpoint and savepoint folders: the same ones the operator uses for upgrades
        Path dir = stream.matchedOptionValue("--checkpoint-dir", null);
        assertEquals(StreamingEnvironments.checkpointsOf(dir).toUri().toString(),
                conf.get("execution.checkpointing.dir"));
        assertEquals(dir.resolve("savepoints").toUri().toString(), conf.get("execution.checkpointing.savepoint-dir"));
        int parallelism = stream.matchedOptionValue("--parallelism", 1);
        assertEquals(parallelism, deployment.spec.path("job").path("parallelism").asInt());
        assertEquals(parallelism, deployment.spec.path("taskManager").path("replicas").asInt()
                * Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots")), "one GPU TaskManager per subtask");
        assertEquals("gpu", stream.matchedOptionValue("--device", "cpu"));
        assertEquals(kafkaBootstrap(), stream.matchedOptionValue("--bootstrap-servers", null));
    }

    /** The bootstrap address Strimzi gives the plain listener of the Kafka of kafka.yaml. */
    private static String kafkaBootstrap() {
        JsonNode kafka = Manifests.ofKind("kafka.yaml", "Kafka").get(0);
        JsonNode plain = kafka.path("spec").path("kafka").path("listeners").get(0);
        assertFalse(plain.path("tls").asBoolean(), "a plain listener");
        return kafka.path("metadata").path("name").asText() + "-kafka-bootstrap."
                + kafka.path("metadata").path("namespace").asText() + ".svc:" + plain.path("port").asInt();
    }
}
