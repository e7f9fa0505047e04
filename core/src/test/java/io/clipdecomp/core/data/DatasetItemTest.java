package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Items and payloads as values. */
class DatasetItemTest {
    @Test
    void labelsAreCopiedAndCompareByContent() {
        long[] label = {1, 0};
        DatasetItem item = new DatasetItem(0, "a.jpg", label, new EncodedImage(new byte[] {1, 2}, "a.jpg"));
        label[0] = 7;
        assertArrayEquals(new long[] {1, 0}, item.label());
        item.label()[1] = 9;
        assertArrayEquals(new long[] {1, 0}, item.label());
        assertEquals(new DatasetItem(0, "a.jpg", new long[] {1, 0}, new EncodedImage(new byte[] {1, 2}, "a.jpg")),
                item);
        assertNotEquals(new DatasetItem(0, "a.jpg", new long[] {1, 1}, new EncodedImage(new byte[] {1, 2}, "a.jpg")),
                item);
    }

    @Test
    void rejectsInconsistentValues() {
        assertThrows(IllegalArgumentException.class, () -> new PreprocessedPixels(new float[11], 2));
        assertThrows(IllegalArgumentException.class, () -> new PreprocessedPixels(new float[0], 0));
        EncodedImage image = new EncodedImage(new byte[0], "x.png");
        assertThrows(IllegalArgumentException.class, () -> new DatasetItem(0, "x", new long[0], image));
        assertThrows(IllegalArgumentException.class, () -> new DatasetItem(-1, "x", new long[] {0}, image));
        assertThrows(NullPointerException.class, () -> new DatasetItem(0, "x", new long[] {0}, null));
    }
}
