package io.clipdecomp.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only regular files within the byte limit are read; everything else is refused, naming the file, unopened. */
class ImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNamedPipeIsRefusedWithoutBeingOpened() throws Exception {
        Path pipe = HostileImages.namedPipe(dir.resolve("fifo.png"));
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> ImageFiles.read(pipe, ImageLimits.DEFAULT_MAX_BYTES)));
        assertTrue(e.getMessage().contains(pipe + " is not a regular file"), e.getMessage());
    }

    @Test
    void aFileOverTwoGibibytesIsRefusedByName() throws IOException {
        Path big = HostileImages.sparseFile(dir.resolve("big.png"), 2_500_000_000L);
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(big, ImageLimits.LARGEST_MAX_BYTES));
        assertTrue(e.getMessage().contains(big + ": the image is 2500000000 bytes, over the limit of "
                + ImageLimits.LARGEST_MAX_BYTES), e.getMessage());
        IOException underDefault = assertThrows(IOException.class,
                () -> ImageFiles.read(big, ImageLimits.DEFAULT_MAX_BYTES));
        assertTrue(underDefault.getMessage().contains("over the limit of 67108864 bytes"), underDefault.getMessage());
    }

    @Test
    void theLimitIsInclusiveAndFoldersAndMissingFilesAreNamed() throws IOException {
        Path file = Files.write(dir.resolve("a.png"), new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[] {1, 2, 3, 4}, ImageFiles.read(file, 4));
        IOException over = assertThrows(IOException.class, () -> ImageFiles.read(file, 3));
        assertTrue(over.getMessage().contains("4 bytes, over the limit of 3 bytes"), over.getMessage());
        IOException folder = assertThrows(IOException.class,
                () -> ImageFiles.read(Files.createDirectory(dir.resolve("x.png")), 100));
        assertTrue(folder.getMessage().contains("x.png is not a regular file (a folder)"), folder.getMessage());
        IOException missing = assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("gone.png"), 100));
        assertTrue(missing.getMessage().contains("gone.png does not exist"), missing.getMessage());
    }

    @Test
    void aLinkToARegularFileIsRead() throws IOException {
        Path file = Files.write(dir.resolve("a.png"), new byte[] {7});
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), file);
        assertArrayEquals(new byte[] {7}, ImageFiles.read(link, 10));
    }
}
