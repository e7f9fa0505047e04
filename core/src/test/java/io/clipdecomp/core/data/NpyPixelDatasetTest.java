package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.io.NpyWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preprocessed pixels from a [K, 3, S, S] .npy, one row per item. */
class NpyPixelDatasetTest {
    @TempDir
    Path dir;

    @Test
    void itemsAreRowsWithZeroLabels() throws IOException {
        Path file = dir.resolve("pixel_values.npy");
        float[] data = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 3;
        }
        NpyWriter.write(file, data, 2, 3, 2, 2);
        try (NpyPixelDataset dataset = new NpyPixelDataset(file)) {
            assertEquals("npy", dataset.name());
            assertEquals(2, dataset.size());
            assertEquals(2, dataset.imageSize());
            assertEquals(List.of(), dataset.classNames());
            DatasetItem second = dataset.item(1);
            assertEquals("pixel_values.npy#1", second.id());
            assertArrayEquals(new long[] {0}, second.label());
            float[] expected = new float[12];
            for (int i = 0; i < 12; i++) {
                expected[i] = (12 + i) * 0.5f - 3;
            }
            assertArrayEquals(expected, second.pixels());
            assertEquals(2, ((PreprocessedPixels) second.payload()).size());
            assertThrows(IllegalStateException.class, second::encoded);
            assertThrows(IndexOutOfBoundsException.class, () -> dataset.item(2));
        }
    }

    @Test
    void refusesOtherShapes() throws IOException {
        Path file = dir.resolve("wrong.npy");
        NpyWriter.write(file, new float[2 * 4 * 2 * 2], 2, 4, 2, 2);
        IOException error = assertThrows(IOException.class, () -> new NpyPixelDataset(file));
        assertTrue(error.getMessage().contains(file.toString()) && error.getMessage().contains("[K, 3, S, S]"),
                error.getMessage());
        Path labels = dir.resolve("labels.npy");
        NpyWriter.write(labels, new long[12], 1, 3, 2, 2);
        assertThrows(IOException.class, () -> new NpyPixelDataset(labels));
    }
}
