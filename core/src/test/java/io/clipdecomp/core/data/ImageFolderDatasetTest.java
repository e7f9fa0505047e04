package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.preprocess.HostileImages;
import io.clipdecomp.core.preprocess.ImageLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageFolder listing order, checked against the order torchvision's make_dataset gives (worked by hand). */
class ImageFolderDatasetTest {
    @TempDir
    Path root;

    private void touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "bytes of " + relative);
    }

    private static List<String> ids(ImageDataset dataset) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            ids.add(dataset.item(i).id());
        }
        return ids;
    }

    @Test
    void classesAndFilesInPythonSortedOrder() throws IOException {
        for (String name : List.of("b/one.png", "a/one.png", "B/one.png", "10/one.png", "9/one.png")) {
            touch(name);
        }
        touch("loose.png");   // not in a class folder: ignored, as by torchvision
        try (ImageFolderDataset dataset = new ImageFolderDataset(root)) {
            // Python: sorted(["b", "a", "B", "10", "9"]) == ["10", "9", "B", "a", "b"]
            assertEquals(List.of("10", "9", "B", "a", "b"), dataset.classNames());
            assertEquals(List.of("10/one.png", "9/one.png", "B/one.png", "a/one.png", "b/one.png"), ids(dataset));
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(new long[] {i}, dataset.item(i).label());
            }
            assertEquals("folder", dataset.name());
            assertEquals(1, dataset.labelWidth());
        }
    }

    @Test
    void walksSubfoldersAsOsWalkSortedAndFiltersExtensions() throws IOException {
        for (String name : List.of("cls/img10.png", "cls/img2.png", "cls/IMG3.JPG", "cls/notes.txt", "cls/x.JpEg",
                "cls/.hidden.png", "cls/sub/a.png", "cls/sub2/b.png", "cls/sub/deeper/c.tiff", "cls/z.webp",
                "cls/archive.png.gz", "cls/y.bmp", "cls/w.ppm", "cls/v.pgm", "cls/u.tif")) {
            touch(name);
        }
        try (ImageFolderDataset dataset = new ImageFolderDataset(root)) {
            // Files of cls sorted by name first; then sorted folder paths: cls/sub < cls/sub/deeper < cls/sub2.
            assertEquals(List.of("cls/.hidden.png", "cls/IMG3.JPG", "cls/img10.png", "cls/img2.png", "cls/u.tif",
                    "cls/v.pgm", "cls/w.ppm", "cls/x.JpEg", "cls/y.bmp", "cls/z.webp", "cls/sub/a.png",
                    "cls/sub/deeper/c.tiff", "cls/sub2/b.png"), ids(dataset));
        }
    }

    @Test
    void itemsCarryTheFileBytes() throws IOException {
        touch("dog/a.jpg");
        touch("cat/b.png");
        try (ImageFolderDataset dataset = new ImageFolderDataset(root, "pets")) {
            assertEquals("pets", dataset.name());
            DatasetItem item = dataset.item(1);
            assertEquals(1, item.index());
            assertEquals("dog/a.jpg", item.id());
            assertArrayEquals(new long[] {1}, item.label());
            assertArrayEquals("bytes of dog/a.jpg".getBytes(StandardCharsets.UTF_8), item.encoded());
            assertEquals(new EncodedImage("bytes of dog/a.jpg".getBytes(StandardCharsets.UTF_8), "a.jpg"),
                    item.payload());
            assertThrows(IllegalStateException.class, item::pixels);
            assertThrows(IndexOutOfBoundsException.class, () -> dataset.item(2));
        }
    }

    @Test
    void codePointOrderBeyondTheBasicPlane() throws IOException {
        // U+FF01 sorts before U+1F600 in Python; String.compareTo would put the surrogate pair first.
        touch("\uD83D\uDE00/a.png");
        touch("\uFF01/a.png");
        try (ImageFolderDataset dataset = new ImageFolderDataset(root)) {
            assertEquals(List.of("\uFF01", "\uD83D\uDE00"), dataset.classNames());
        }
    }

    @Test
    void followsLinkedFoldersAndRefusesLinkCycles() throws IOException {
        touch("real/a.png");
        Files.createDirectories(root.resolve("linked"));
        Files.createSymbolicLink(root.resolve("linked/inner"), root.resolve("real"));
        try (ImageFolderDataset dataset = new ImageFolderDataset(root)) {
            assertEquals(List.of("linked/inner/a.png", "real/a.png"), ids(dataset));
        }
        Files.createSymbolicLink(root.resolve("real/loop"), root.resolve("real"));
        IOException error = assertThrows(IOException.class, () -> new ImageFolderDataset(root));
        assertTrue(error.getMessage().contains("cycle"), error.getMessage());
    }

    @Test
    void missingFileAtReadTimeNamesTheFile() throws IOException {
        touch("c/gone.png");
        try (ImageFolderDataset dataset = new ImageFolderDataset(root)) {
            Files.delete(root.resolve("c/gone.png"));
            IOException error = assertThrows(IOException.class, () -> dataset.item(0));
            assertTrue(error.getMessage().contains(root.resolve("c/gone.png").toString()), error.getMessage());
        }
    }

    @Test
    void aNamedPipeIsListedAsTorchvisionListsItButRefusedUnopenedWhenRead() throws Exception {
        touch("c/a.png");
        HostileImages.namedPipe(root.resolve("c/fifo.png"));
        try (ImageFolderDataset dataset = new ImageFolderDataset(root)) {
            assertEquals(2, dataset.size());
            assertEquals("c/fifo.png", dataset.itemId(1));
            IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(IOException.class, () -> dataset.item(1)));
            assertTrue(e.getMessage().contains("item 1") && e.getMessage().contains("fifo.png is not a regular file"),
                    e.getMessage());
            assertEquals("c/a.png", dataset.item(0).id());
        }
    }

    @Test
    void theByteLimitGivenToTheFactoryIsTheOneApplied() throws IOException {
        touch("c/a.png"); // "bytes of c/a.png": 16 bytes
        try (ImageDataset limited = DatasetFactory.open("folder", root, Map.of(), 15);
             ImageDataset roomy = DatasetFactory.open("imagenet", root, Map.of(), 16)) {
            IOException e = assertThrows(IOException.class, () -> limited.item(0));
            assertTrue(e.getMessage().contains("16 bytes, over the limit of 15 bytes")
                    && e.getMessage().contains(ImageLimits.MAX_BYTES_OPTION), e.getMessage());
            assertEquals(16, roomy.item(0).encoded().length);
        }
    }

    @Test
    void emptyClassesAndEmptyRootsAreErrors() throws IOException {
        IOException none = assertThrows(IOException.class, () -> new ImageFolderDataset(root));
        assertTrue(none.getMessage().contains("no class folders"), none.getMessage());
        touch("full/a.png");
        touch("text/readme.txt");
        Files.createDirectories(root.resolve("void"));
        IOException empty = assertThrows(IOException.class, () -> new ImageFolderDataset(root));
        assertTrue(empty.getMessage().contains("[text, void]"), empty.getMessage());
        IOException absent = assertThrows(IOException.class, () -> new ImageFolderDataset(root.resolve("nope")));
        assertTrue(absent.getMessage().contains("nope"), absent.getMessage());
    }
}
