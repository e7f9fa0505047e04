package io.clipdecomp.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PodMonitor, read by fabric8's prometheus-operator model, scrapes the port Flink's reporter listens on. */
class PodMonitorTest {

    private final PodMonitor monitor = StrictModel.read(Manifests.document("pod-monitor.yaml"), PodMonitor.class);
    private final FlinkDeployment deployment = new FlinkDeployment();

    @Test
    void thePodMonitorIsOnePrometheusOperatorKnowsInEveryField() {
        assertEquals(List.of(), StrictModel.unknownProperties(monitor));
        assertEquals("monitoring.coreos.com/v1", monitor.getApiVersion());
    }

    @Test
    void itSelectsTheFlinkPodsAndTheirReportersPort() {
        Pod pod = deployment.podTemplate();
        Map<String, String> labels = pod.getMetadata().getLabels();
        assertTrue(labels.entrySet().containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()),
                "the selector " + monitor.getSpec().getSelector().getMatchLabels() + " matches " + labels);
        PodMetricsEndpoint endpoint = monitor.getSpec().getPodMetricsEndpoints().get(0);
        ContainerPort port = FlinkDeployment.mainContainer(pod).getPorts().stream()
                .filter(p -> p.getName().equals(endpoint.getPort())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + endpoint.getPort()));
        assertEquals(Integer.parseInt(deployment.configuration().get("metrics.reporter.prom.port")),
                port.getContainerPort(), "the Prometheus reporter's port");
        assertEquals("/metrics", endpoint.getPath());
    }
}
