package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code dashboard}'s refusals, before it reaches for Kafka (the page itself: DashboardPageIT). */
class DashboardCommandTest {
    @Test
    void refusesTheImagesTopicItNeverReads() {
        CliFixtures.Run r = run("dashboard", "--bootstrap-servers", "127.0.0.1:1", "--images-topic", "mine");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--images-topic makes no sense for the dashboard"), r.err());
    }

    @Test
    void refusesAPortOutsideTheRange() {
        CliFixtures.Run r = run("dashboard", "--bootstrap-servers", "127.0.0.1:1", "--dashboard-port", "70000");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--dashboard-port must be 0 to 65535, got 70000"), r.err());
    }
}
