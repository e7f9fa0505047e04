package io.clipdecomp.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One image of a dataset: its position in the dataset's order, an id, its label and its payload.
 *
 * @param index position in the dataset (row {@code index} of every output file)
 * @param id the image's path relative to the dataset root, or a generated name
 * @param label one value for single-label datasets; {y, place} for binary_waterbirds
 * @param payload the encoded image or the preprocessed pixels
 */
public record DatasetItem(int index, String id, long[] label, ImagePayload payload) {
    public DatasetItem {
        if (index < 0) {
            throw new IllegalArgumentException("item index must be non-negative, got " + index);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
        if (label == null || label.length == 0) {
            throw new IllegalArgumentException("item " + id + " needs at least one label value");
        }
        label = label.clone();
    }

    /** A copy of the label values. */
    @Override
    public long[] label() {
        return label.clone();
    }

    /** The encoded image bytes; throws if this item carries preprocessed pixels. */
    public byte[] encoded() {
        if (payload instanceof EncodedImage image) {
            return image.bytes();
        }
        throw new IllegalStateException("item " + id + " carries preprocessed pixels, not an encoded image");
    }

    /** The preprocessed pixels (C, H, W); throws if this item carries an encoded image. */
    public float[] pixels() {
        if (payload instanceof PreprocessedPixels pixels) {
            return pixels.chw();
        }
        throw new IllegalStateException("item " + id + " carries an encoded image, not preprocessed pixels");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetItem that && index == that.index && id.equals(that.id)
                && Arrays.equals(label, that.label) && payload.equals(that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, id, Arrays.hashCode(label), payload);
    }

    @Override
    public String toString() {
        return "DatasetItem[" + index + ", " + id + ", label=" + Arrays.toString(label) + ", " + payload + "]";
    }
}
