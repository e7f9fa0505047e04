package io.clipdecomp.jobs.cli;

import io.clipdecomp.connectors.dataset.DatasetRecords;
import io.clipdecomp.connectors.dataset.DatasetSpec;
import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.jobs.KafkaEndpoints;
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

    @Mixin
    DatasetOptions data;

    @Mixin
    ImageBytesOption imageBytes;

    @Option(names = "--partitions", defaultValue = "2",
            description = "Partitions of topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        DatasetSpec spec = data.spec().withMaxImageBytes(imageBytes.maxBytes());
        KafkaEndpoints endpoints = kafka.endpoints("clipdecomp-produce", "clipdecomp-produce", false);
        try (TopicAdmin admin = endpoints.admin()) {
            for (Topic<?> topic : endpoints.topics()) {
                admin.ensureTopic(topic, partitions, (short) 1, endpoints.sizePolicy());
            }
        }
        try (ImageDataset dataset = spec.open();
             ImagePublisher publisher = endpoints.publisher()) {
            int n = Math.min(data.limit(), dataset.size());
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("produce").setInitialMax(n)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUnit(" img", 1).build()) {
                for (int i = 0; i < n; i++) {
                    publisher.publish(DatasetRecords.read(dataset, i));
                    bar.step();
                }
                publisher.flush();
            }
            System.out.printf("produced %d images of %s to %s (%d refused for size, sent to %s)%n", publisher.sent(),
                    dataset.name(), endpoints.images().name(), publisher.refused(), endpoints.deadLetters().name());
        }
        return 0;
    }
}
