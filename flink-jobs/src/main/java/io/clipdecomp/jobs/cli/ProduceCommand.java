package io.clipdecomp.jobs.cli;

import io.clipdecomp.connectors.dataset.DatasetRecords;
import io.clipdecomp.connectors.dataset.DatasetSpec;
import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.core.data.DatasetFactory;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.jobs.KafkaEndpoints;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code produce}: sends a folder or dataset of images to the images topic as Avro ImageRecords. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Sends the images of a dataset to Kafka as Avro ImageRecords (with row index and labels); "
                + "images over the record size limit go to the dead-letter topic instead.")
public final class ProduceCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--dataset", defaultValue = "folder",
            description = "folder, imagenet, binary_waterbirds, npy or shapes (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-path", paramLabel = "PATH", description = "Dataset root folder or .npy file.")
    Path dataPath;

    @Option(names = "--split", defaultValue = "test", description = "binary_waterbirds split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--count", paramLabel = "N", description = "shapes: number of generated scenes.")
    Integer count;

    @Option(names = "--seed", paramLabel = "S", description = "shapes: seed of the generated scenes.")
    Long seed;

    @Option(names = "--limit", paramLabel = "K", description = "Only the first K images.")
    Integer limit;

    @Option(names = "--partitions", defaultValue = "2",
            description = "Partitions of topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        if (dataPath == null && DatasetFactory.readsDataPath(dataset)) {
            throw new IllegalArgumentException("--data-path is required for dataset '" + dataset + "'");
        }
        Map<String, String> options = new HashMap<>();
        if (dataset.equals("binary_waterbirds")) {
            options.put("split", split);
        }
        if (count != null) {
            options.put("count", count.toString());
        }
        if (seed != null) {
            options.put("seed", seed.toString());
        }
        KafkaEndpoints endpoints = kafka.endpoints("clipdecomp-produce", "clipdecomp-produce", false);
        try (TopicAdmin admin = new TopicAdmin(endpoints.bootstrapServers())) {
            for (Topic<?> topic : endpoints.topics()) {
                admin.ensureTopic(topic, partitions, (short) 1, endpoints.sizePolicy());
            }
        }
        DatasetSpec spec = new DatasetSpec(dataset, dataPath == null ? null : dataPath.toAbsolutePath().toString(),
                options);
        try (ImageDataset data = spec.open();
             ImagePublisher publisher = new ImagePublisher(endpoints.bootstrapServers(), endpoints.images(),
                     endpoints.deadLetters(), endpoints.sizePolicy())) {
            int n = limit == null ? data.size() : Math.min(limit, data.size());
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("produce").setInitialMax(n)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUnit(" img", 1).build()) {
                for (int i = 0; i < n; i++) {
                    publisher.publish(DatasetRecords.read(data, i));
                    bar.step();
                }
                publisher.flush();
            }
            System.out.printf("produced %d images of %s to %s (%d refused for size, sent to %s)%n", publisher.sent(),
                    data.name(), endpoints.images().name(), publisher.refused(), endpoints.deadLetters().name());
        }
        return 0;
    }
}
