package io.clipdecomp.core.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngFilesTest {
    @TempDir
    Path folder;

    @Test
    void rgbSamplesSurviveARoundTrip() throws IOException {
        // 3 x 2 pixels: pure red, green, blue, then white, black and a mixed colour
        byte[] samples = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255,
            (byte) 255, (byte) 255, (byte) 255, 0, 0, 0, 12, (byte) 200, 77};
        Path file = folder.resolve("rgb.png");
        PngFiles.write(RasterImage.rgb(3, 2, samples), file);
        RasterImage back = PngReading.read(file);
        assertEquals(ImageMode.RGB, back.mode());
        assertEquals(3, back.width());
        assertEquals(2, back.height());
        assertArrayEquals(samples, back.samples());
        byte[] head = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(head, 4));
    }

    @Test
    void greySamplesSurviveARoundTrip() throws IOException {
        byte[] samples = {0, (byte) 255, 17, (byte) 128};
        Path file = folder.resolve("mask.png");
        PngFiles.write(new RasterImage(2, 2, ImageMode.L, samples, null), file);
        RasterImage back = PngReading.read(file);
        assertEquals(ImageMode.L, back.mode());
        assertArrayEquals(samples, back.samples());
    }

    @Test
    void rejectsModesItCannotWrite() {
        RasterImage rgba = new RasterImage(1, 1, ImageMode.RGBA, new byte[4], null);
        assertThrows(IllegalArgumentException.class, () -> PngFiles.write(rgba, folder.resolve("x.png")));
    }
}
