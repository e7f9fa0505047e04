package io.clipdecomp.connectors.kafka;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.util.Map;

/**
 * Publishes images to the images topic; an image over the record size limit is not sent but written to the
 * dead-letter topic (stage {@value DeadLetters#SIZE}), so every offered image is accounted for.
 */
public final class ImagePublisher implements AutoCloseable {
    private final TopicProducer<ImageRecord> images;
    private final TopicProducer<DeadLetter> deadLetters;
    private long sent;
    private long refused;

    /** A publisher to a cluster that needs no client settings. */
    public ImagePublisher(String bootstrapServers, Topic<ImageRecord> imagesTopic, Topic<DeadLetter> deadLetterTopic,
                          RecordSizePolicy sizePolicy) {
        this(bootstrapServers, imagesTopic, deadLetterTopic, sizePolicy, Map.of());
    }

    /** A publisher whose producers get extra client settings (TLS, SASL, ...), applied last. */
    public ImagePublisher(String bootstrapServers, Topic<ImageRecord> imagesTopic, Topic<DeadLetter> deadLetterTopic,
                          RecordSizePolicy sizePolicy, Map<String, String> clientProperties) {
        this.images = new TopicProducer<>(bootstrapServers, imagesTopic, sizePolicy, clientProperties);
        this.deadLetters = new TopicProducer<>(bootstrapServers, deadLetterTopic, sizePolicy, clientProperties);
    }

    /** Sends the image, or its dead letter when it is too large; returns true when the image was sent. */
    public boolean publish(ImageRecord image) {
        String refusal = images.send(image);
        if (refusal == null) {
            sent++;
            return true;
        }
        refused++;
        deadLetters.send(DeadLetters.of(image.getId(), image.getIndex(), image.getSource(), DeadLetters.SIZE,
                "image " + refusal, image.getEventTime().toEpochMilli(), image.getBytes().remaining()));
        return false;
    }

    /** Images sent to the images topic. */
    public long sent() {
        return sent;
    }

    /** Images refused for their size (dead-lettered instead). */
    public long refused() {
        return refused;
    }

    /** Waits until everything published so far is acknowledged. */
    public void flush() {
        images.flush();
        deadLetters.flush();
    }

    @Override
    public void close() {
        images.close();
        deadLetters.close();
    }
}
