package io.clipdecomp.jobs.operators;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.connectors.dataset.DatasetRecords;
import io.clipdecomp.core.data.PixelsCodec;
import io.clipdecomp.core.preprocess.BoundedImagePreprocessor;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.DecodeBudget;
import io.clipdecomp.core.preprocess.DecoderSelfCheck;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.OpenImage;
import io.clipdecomp.core.segment.LabelMask;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.ByteBuffer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.api.common.functions.OpenContext;

/**
 * Decodes and preprocesses each {@link ImageRecord} as the reference's dataset loaders do (RGB first, then
 * Pillow-exact resize and crop), within {@link ImageLimits}: the subtasks of a task manager share one decode
 * budget, so large images wait for each other instead of multiplying. A record that cannot be decoded, is over a
 * limit, or runs out of memory goes to {@link DeadLetters#TAG} with its id, stage and reason; with
 * {@code failOnBadInput} it stops the job instead, naming the record.
 */
public class ImagePreparation extends ProcessFunction<ImageRecord, PreparedImage> {
    private static final long serialVersionUID = 1L;

    private final ClipImagePreprocessor preprocessor;
    private final ImageLimits limits;
    private final boolean failOnBadInput;
    private transient BoundedImagePreprocessor bounded;
    private transient Counter prepared;
    private transient Counter rejected;

    public ImagePreparation(ClipImagePreprocessor preprocessor, ImageLimits limits, boolean failOnBadInput) {
        this.preprocessor = preprocessor;
        this.limits = limits;
        this.failOnBadInput = failOnBadInput;
    }

    @Override
    public void open(OpenContext context) {
        DecoderSelfCheck.enforce(preprocessor.strictPixels()); // every task manager's JVM, not only the client's
        DecodeBudget budget = DecodeBudget.shared(limits.budgetBytes());
        bounded = new BoundedImagePreprocessor(preprocessor, limits, budget);
        prepared = getRuntimeContext().getMetricGroup().counter("imagesPrepared");
        rejected = getRuntimeContext().getMetricGroup().counter("imagesDeadLettered");
        getRuntimeContext().getMetricGroup().gauge("decodeBudgetBytesInUse", (Gauge<Long>) budget::inUseBytes);
    }

    @Override
    public void processElement(ImageRecord record, Context context, Collector<PreparedImage> out)
            throws InterruptedException {
        String stage = DeadLetters.DECODE;
        String reason;
        try {
            float[] pixels;
            if (PixelsCodec.FORMAT.equals(record.getFormat())) {
                stage = DeadLetters.PREPROCESS;
                pixels = PixelsCodec.decode(record.getBytes(), preprocessor.size());
            } else if (DatasetRecords.UNREADABLE_FORMAT.equals(record.getFormat())) {
                throw new ImageDecodeException(record.getAttributes().getOrDefault(DatasetRecords.ERROR_ATTRIBUTE,
                        "the file could not be read"));
            } else {
                limits.checkBytes(record.getBytes().remaining());
                pixels = bounded.toPixels(bytes(record.getBytes()), ColourConversion.BEFORE_RESIZE);
            }
            PreparedImage image = new PreparedImage(record.getId(), record.getIndex(), record.getSource(),
                    record.getLabel(), pixels, record.getEventTime().toEpochMilli());
            if (record.getMask() != null) {
                image.mask = mask(record.getMask());
            }
            prepared.inc();
            out.collect(image);
            return;
        } catch (ImageDecodeException e) {
            reason = e.getMessage();
        } catch (RuntimeException e) {
            stage = DeadLetters.PREPROCESS; // the decoder reports its own failures as ImageDecodeException
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (failOnBadInput) {
            throw new IllegalArgumentException("image " + record.getId() + " (row " + record.getIndex() + ") cannot be "
                    + "used: " + reason);
        }
        rejected.inc();
        DeadLetter letter = DeadLetters.of(record.getId(), record.getIndex(), record.getSource(), stage, reason,
                record.getEventTime().toEpochMilli(), record.getBytes().remaining());
        context.output(DeadLetters.TAG, letter);
    }

    /** The true mask at the model's input size: stretched to S x S with nearest neighbour, as the original does. */
    private byte[] mask(ByteBuffer encoded) throws ImageDecodeException {
        limits.checkBytes(encoded.remaining());
        // the header is checked against the pixel limit before anything is decoded, as for the image itself
        try (OpenImage image = ImageDecoder.open(bytes(encoded), limits.maxPixels())) {
            return LabelMask.ofNonZero(image.decode()).squareNearest(preprocessor.size()).labels();
        } catch (ImageDecodeException e) {
            throw new ImageDecodeException("its mask: " + e.getMessage());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
