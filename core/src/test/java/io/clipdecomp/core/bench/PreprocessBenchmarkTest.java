package io.clipdecomp.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.model.PreprocessConfig;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.OpenImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated image set is what the bench says it is, is written once, and every image gets its rates. */
class PreprocessBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void theGeneratedSetIsWrittenOnceAndTimedImageByImage() throws IOException {
        List<Path> images = PreprocessBenchmark.images(dir);
        List<String> seen = new ArrayList<>();
        for (Path image : images) {
            try (OpenImage open = ImageDecoder.open(Files.readAllBytes(image), ImageLimits.DEFAULT_MAX_PIXELS)) {
                seen.add(image.getFileName() + " " + open.format() + " " + open.width() + "x" + open.height());
            }
        }
        assertEquals(List.of("photo-1024x768.jpg jpeg 1024x768", "photo-1024x768.png png 1024x768",
                "photo-4000x3000.jpg jpeg 4000x3000", "photo-500x375.jpg jpeg 500x375",
                "photo-500x375.png png 500x375"), seen);
        long written = Files.getLastModifiedTime(images.get(0)).toMillis();
        assertEquals(images, PreprocessBenchmark.images(dir));
        assertEquals(written, Files.getLastModifiedTime(images.get(0)).toMillis(), "not written again");

        ClipImagePreprocessor clip = new ClipImagePreprocessor(32, PreprocessConfig.OPENAI.mean(),
                PreprocessConfig.OPENAI.std());
        Map<String, Object> figures = new PreprocessBenchmark(clip, 0.01, line -> { }).run(
                List.of(dir.resolve("photo-500x375.jpg"), dir.resolve("photo-500x375.png")));
        assertEquals(4, figures.size(), figures.toString());
        for (String name : new String[] {"photo-500x375.jpg", "photo-500x375.png"}) {
            assertTrue((Double) figures.get("preprocess." + name + ".cpuImagesPerSecond") > 0, figures.toString());
            assertTrue((Double) figures.get("preprocess." + name + ".wallImagesPerSecond") > 0, figures.toString());
        }
    }
}
