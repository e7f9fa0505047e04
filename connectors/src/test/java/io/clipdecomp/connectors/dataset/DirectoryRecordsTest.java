package io.clipdecomp.connectors.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.schemas.ImageRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each entry of a folder is one record, in name order; only regular files within the limit are read. */
class DirectoryRecordsTest {
    private static final long LIMIT = 10_000;

    @TempDir
    Path dir;

    private static byte[] image(String format) throws IOException {
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0x336699);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out));
        return out.toByteArray();
    }

    private static byte[] bytes(ImageRecord r) {
        ByteBuffer b = r.getBytes().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void everyEntryIsOneRecordInNameOrderAndOnlyRegularFilesWithinTheLimitAreRead() throws Exception {
        byte[] png = image("png");
        byte[] jpeg = image("jpg");
        Files.write(dir.resolve("b.png"), png);
        Files.write(dir.resolve("a.jpg"), jpeg);
        Files.write(dir.resolve("x.png"), jpeg);
        Files.write(dir.resolve("notes.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("noise.tif"), new byte[] {1, 2, 3});
        Files.createFile(dir.resolve("empty.png"));
        Files.createDirectory(dir.resolve("sub"));
        Files.write(dir.resolve("sub").resolve("inner.png"), png);
        try (RandomAccessFile big = new RandomAccessFile(dir.resolve("big.png").toFile(), "rw")) {
            big.setLength(LIMIT + 1);
        }

        DirectoryRecords records = DirectoryRecords.list(dir, "input", LIMIT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ImageRecord r = records.read(i);
            assertEquals(i, r.getIndex(), r.getId());
            assertEquals("input", r.getSource());
            assertTrue(r.getLabel().isEmpty(), r.getId() + " has no label");
            ids.add(r.getId());
        }
        assertEquals(List.of("a.jpg", "b.png", "big.png", "empty.png", "noise.tif", "notes.txt", "sub", "x.png"), ids,
                "the folder's entries sorted by name, the sub-folder's content not among them");

        ImageRecord a = records.read(0);
        assertEquals("jpeg", a.getFormat());
        assertArrayEquals(jpeg, bytes(a));
        assertEquals("png", records.read(1).getFormat());
        assertArrayEquals(png, bytes(records.read(1)));
        assertEquals("jpeg", records.read(7).getFormat(), "content wins over the extension");
        assertArrayEquals(jpeg, bytes(records.read(7)));
        assertEquals("tiff", records.read(4).getFormat(), "unknown content: the extension says");
        assertEquals("unknown", records.read(5).getFormat(), "neither content nor extension is an image's");
        assertEquals("png", records.read(3).getFormat(), "an empty file is read; decoding will refuse it");
        assertEquals(0, records.read(3).getBytes().remaining());

        ImageRecord big = records.read(2);
        assertEquals(DatasetRecords.UNREADABLE_FORMAT, big.getFormat());
        String why = big.getAttributes().get(DatasetRecords.ERROR_ATTRIBUTE);
        assertTrue(why.contains("big.png") && why.contains((LIMIT + 1) + " bytes") && why.contains("--max-image-bytes"),
                why);
        ImageRecord sub = records.read(6);
        assertEquals(DatasetRecords.UNREADABLE_FORMAT, sub.getFormat());
        assertTrue(sub.getAttributes().get(DatasetRecords.ERROR_ATTRIBUTE).contains("not a regular file (a folder)"),
                sub.getAttributes().toString());
    }

    @Test
    void aNamedPipeIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("fifo.png");
        int made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            made = -1;
        }
        Assumptions.assumeTrue(made == 0 && Files.exists(fifo), "mkfifo is not available");
        DirectoryRecords records = DirectoryRecords.list(dir, "input", LIMIT);
        assertEquals(1, records.size());
        // opening a pipe without a writer blocks forever: a record within seconds proves it was not opened
        ImageRecord r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> records.read(0));
        assertEquals("fifo.png", r.getId());
        assertEquals(DatasetRecords.UNREADABLE_FORMAT, r.getFormat());
        assertTrue(r.getAttributes().get(DatasetRecords.ERROR_ATTRIBUTE).contains("named pipe"), r.getAttributes()
                .toString());
    }

    @Test
    void aMissingFolderOrAFileIsRefusedByName() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "x");
        IOException notFolder = assertThrows(IOException.class, () -> DirectoryRecords.list(file, "input", LIMIT));
        assertTrue(notFolder.getMessage().contains(file + " is not a folder"), notFolder.getMessage());
        Path missing = dir.resolve("missing");
        IOException absent = assertThrows(IOException.class, () -> DirectoryRecords.list(missing, "input", LIMIT));
        assertTrue(absent.getMessage().contains(missing + " does not exist"), absent.getMessage());
    }
}
