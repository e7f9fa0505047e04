package io.clipdecomp.jobs.operators;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.connectors.dataset.DatasetRecords;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.api.common.functions.OpenContext;

/**
 * Decodes and preprocesses each {@link ImageRecord} as the reference's dataset loaders do (RGB first, then
 * Pillow-exact resize and crop). A record that cannot be decoded goes to {@link DeadLetters#TAG} with its id,
 * stage and reason; with {@code failOnBadInput} it stops the job instead, naming the record.
 */
public class ImagePreparation extends ProcessFunction<ImageRecord, PreparedImage> {
    private final ClipImagePreprocessor preprocessor;
    private final boolean failOnBadInput;
    private transient Counter prepared;
    private transient Counter rejected;

    public ImagePreparation(ClipImagePreprocessor preprocessor, boolean failOnBadInput) {
        this.preprocessor = preprocessor;
        this.failOnBadInput = failOnBadInput;
    }

    @Override
    public void open(OpenContext context) {
        prepared = getRuntimeContext().getMetricGroup().counter("imagesPrepared");
        rejected = getRuntimeContext().getMetricGroup().counter("imagesDeadLettered");
    }

    @Override
    public void processElement(ImageRecord record, Context context, Collector<PreparedImage> out) {
        String stage = DeadLetters.DECODE;
        String reason;
        try {
            float[] pixels;
            if (DatasetRecords.PIXELS_FORMAT.equals(record.getFormat())) {
                stage = DeadLetters.PREPROCESS;
                pixels = floats(record.getBytes());
                int expected = 3 * preprocessor.size() * preprocessor.size();
                if (pixels.length != expected) {
                    throw new ImageDecodeException("preprocessed pixels hold " + pixels.length + " values; the model "
                            + "takes [3, " + preprocessor.size() + ", " + preprocessor.size() + "] = " + expected);
                }
            } else if (DatasetRecords.UNREADABLE_FORMAT.equals(record.getFormat())) {
                throw new ImageDecodeException(record.getAttributes().getOrDefault(DatasetRecords.ERROR_ATTRIBUTE,
                        "the file could not be read"));
            } else {
                RasterImage image = ImageDecoder.decode(bytes(record.getBytes()));
                stage = DeadLetters.PREPROCESS;
                pixels = preprocessor.toPixels(image, ColourConversion.BEFORE_RESIZE);
            }
            prepared.inc();
            out.collect(new PreparedImage(record.getId(), record.getIndex(), record.getSource(), record.getLabel(),
                    pixels, record.getEventTime().toEpochMilli()));
            return;
        } catch (ImageDecodeException | RuntimeException e) {
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

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static float[] floats(ByteBuffer buffer) throws ImageDecodeException {
        ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() % 4 != 0) {
            throw new ImageDecodeException("f32-chw payload of " + b.remaining() + " bytes is not a whole number of floats");
        }
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
