package io.clipdecomp.connectors.dataset;

import io.clipdecomp.core.data.DatasetItem;
import io.clipdecomp.core.data.EncodedImage;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.data.PixelsCodec;
import io.clipdecomp.core.data.PreprocessedPixels;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.schemas.ImageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns dataset items into {@link ImageRecord}s, the form images take on topics and between operators. */
public final class DatasetRecords {
    /** Format of an item whose file could not be read; the record carries the reason and no bytes. */
    public static final String UNREADABLE_FORMAT = "unreadable";
    /** Format of bytes that are no image format we know. */
    public static final String UNKNOWN_FORMAT = "unknown";
    /** Attribute holding why an item could not be read. */
    public static final String ERROR_ATTRIBUTE = "error";

    private DatasetRecords() {
    }

    /**
     * Record {@code index} of {@code dataset}; a file that cannot be read becomes a record of format
     * {@value #UNREADABLE_FORMAT} with the reason in its attributes, so the job dead-letters it, not crashes.
     */
    public static ImageRecord read(ImageDataset dataset, int index) {
        DatasetItem item;
        try {
            item = dataset.item(index);
        } catch (IOException | RuntimeException e) {
            return unreadable(dataset, index, String.valueOf(e.getMessage()));
        } catch (OutOfMemoryError e) {
            // the failed allocation is the file's own buffer, so the JVM is still usable afterwards
            return unreadable(dataset, index, "ran out of memory reading item " + index + " (lower "
                    + ImageLimits.MAX_BYTES_OPTION + " or give the JVM more heap)");
        }
        return of(item, dataset.name());
    }

    private static ImageRecord unreadable(ImageDataset dataset, int index, String reason) {
        return unreadable(dataset.itemId(index), dataset.name(), index, reason);
    }

    /** The record of image {@code id} whose file could not be read: no bytes, the reason in its attributes. */
    public static ImageRecord unreadable(String id, String source, long index, String reason) {
        return ImageRecord.newBuilder().setId(id).setSource(source)
                .setBytes(ByteBuffer.allocate(0)).setFormat(UNREADABLE_FORMAT)
                .setAttributes(Map.of(ERROR_ATTRIBUTE, reason)).setEventTime(Instant.now()).setIndex(index).build();
    }

    /** The record of one item. */
    public static ImageRecord of(DatasetItem item, String source) {
        ByteBuffer bytes;
        String format;
        if (item.payload() instanceof EncodedImage encoded) {
            bytes = ByteBuffer.wrap(encoded.bytes());
            format = sniffFormat(encoded.bytes());
        } else {
            bytes = PixelsCodec.encode(((PreprocessedPixels) item.payload()).chw());
            format = PixelsCodec.FORMAT;
        }
        List<Long> label = new ArrayList<>();
        for (long l : item.label()) {
            label.add(l);
        }
        return ImageRecord.newBuilder().setId(item.id()).setSource(source).setBytes(bytes).setFormat(format)
                .setLabel(label).setEventTime(Instant.now()).setIndex(item.index()).build();
    }

    /** The image format from its first bytes: png, jpeg, gif, bmp, webp, tiff, else unknown. */
    public static String sniffFormat(byte[] b) {
        if (startsWith(b, 0x89, 'P', 'N', 'G')) {
            return "png";
        }
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return "jpeg";
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            return "gif";
        }
        if (startsWith(b, 'B', 'M')) {
            return "bmp";
        }
        if (startsWith(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E') {
            return "webp";
        }
        if (startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42)) {
            return "tiff";
        }
        return UNKNOWN_FORMAT;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
