package io.clipdecomp.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FlinkDeployment of k8s/, as the tests read it. The operator's own API classes are not used: the newest that
 * Maven Central served (1.10.0; 1.13 to 1.15 were not served) has no Flink 2.x in its FlinkVersion.
 */
final class FlinkDeployment {

    /** The main container's name in a Flink pod template, which Flink fills in. */
    static final String MAIN_CONTAINER = "flink-main-container";

    final JsonNode resource = Manifests.document("flink-deployment.yaml");
    final JsonNode spec = resource.path("spec");

    /** The flinkConfiguration, as strings the way Flink reads them. */
    Map<String, String> configuration() {
        Map<String, String> conf = new LinkedHashMap<>();
        spec.path("flinkConfiguration").fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        return conf;
    }

    /** The pod template of all Flink pods, read by fabric8's model. */
    Pod podTemplate() {
        return StrictModel.read(spec.path("podTemplate"), Pod.class);
    }

    /** The TaskManagers' own pod template, read by fabric8's model. */
    Pod taskManagerPodTemplate() {
        return StrictModel.read(spec.path("taskManager").path("podTemplate"), Pod.class);
    }

    /** The main container of {@code pod}. */
    static Container mainContainer(Pod pod) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(MAIN_CONTAINER)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + MAIN_CONTAINER + " in the pod template"));
    }

    /** The job's arguments. */
    List<String> jobArgs() {
        List<String> args = new ArrayList<>();
        spec.path("job").path("args").forEach(a -> args.add(a.asText()));
        return args;
    }
}
