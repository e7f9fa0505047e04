package io.clipdecomp.jobs.cli;

import io.clipdecomp.dashboard.DashboardServer;
import io.clipdecomp.jobs.KafkaEndpoints;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dashboard}: the live page of a Kafka cluster's result topics, until Ctrl-C. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serves the live dashboard of the result topics of a Kafka cluster (read_committed, from "
                + "their beginning): images/s and dead letters, the layer x head grid of mean contribution norms "
                + "with each head's TextSpan texts, the ablation curve, the latest masks and heatmaps, the "
                + "spurious-cue groups. Runs until Ctrl-C.")
public final class DashboardCommand implements Callable<Integer> {
    private static final String IMAGES_TOPIC = "--images-topic";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    DashboardOptions dashboard;

    @Override
    public Integer call() throws Exception {
        if (spec.commandLine().getParseResult().hasMatchedOption(IMAGES_TOPIC)) {
            throw new IllegalArgumentException(IMAGES_TOPIC + " makes no sense for the dashboard: it reads the "
                    + "result topics only; leave it out");
        }
        KafkaEndpoints endpoints = kafka.endpoints("clipdecomp-dashboard", "clipdecomp-dashboard", false);
        CountDownLatch stopped = new CountDownLatch(1);
        try (DashboardServer server = endpoints.dashboard(dashboard.address())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "clipdecomp-dashboard-stop"));
            System.err.println("dashboard on " + server.uri() + " for " + endpoints.bootstrapServers()
                    + " (Ctrl-C to stop)");
            stopped.await();
        }
        return 0;
    }
}
