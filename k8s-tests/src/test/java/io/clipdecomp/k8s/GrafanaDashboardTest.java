package io.clipdecomp.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard's panels query Prometheus for Flink metrics; that the job exports each name it queries
 * is StreamMetricsIT's to check, against a scrape of a running job.
 */
class GrafanaDashboardTest {

    private static final Pattern FLINK_METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    @Test
    void everyPanelQueriesAFlinkMetricFromPrometheus() {
        JsonNode dashboard = Manifests.document("grafana/clipdecomp-stream.json");
        assertFalse(dashboard.path("panels").isEmpty(), "panels");
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertEquals("prometheus", panel.path("datasource").path("type").asText(), title);
            assertFalse(panel.path("targets").isEmpty(), title + ": a query");
            for (JsonNode target : panel.path("targets")) {
                assertTrue(FLINK_METRIC.matcher(target.path("expr").asText()).find(), title + ": "
                        + target.path("expr"));
            }
        }
    }
}
