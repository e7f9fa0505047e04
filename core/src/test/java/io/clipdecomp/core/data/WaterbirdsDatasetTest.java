package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waterbirds metadata.csv: split filtering in file order, {y, place} labels, errors. */
class WaterbirdsDatasetTest {
    @TempDir
    Path root;

    private static final String HEADER = "img_id,img_filename,y,split,place,place_filename\n";

    @BeforeEach
    void images() throws IOException {
        for (String name : List.of("001.Albatross/a.jpg", "002.Auklet/b.jpg", "003.Jay/c.jpg", "004.Gull/d.jpg",
                "005.Wren, House/e.jpg")) {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
        }
    }

    private void metadata(String text) throws IOException {
        Files.writeString(root.resolve("metadata.csv"), text);
    }

    private void standardMetadata() throws IOException {
        metadata(HEADER
                + "1,001.Albatross/a.jpg,1,2,0,/b/bamboo_forest/00001.jpg\r\n"
                + "2,002.Auklet/b.jpg,1,0,1,/o/ocean/00002.jpg\r\n"
                + "3,003.Jay/c.jpg,0,2,1,/l/lake/00003.jpg\r\n"
                + "4,004.Gull/d.jpg,1,1,1,/o/ocean/00004.jpg\r\n"
                + "5,\"005.Wren, House/e.jpg\",0,2,0,/f/forest/00005.jpg\r\n");
    }

    @Test
    void testSplitInFileOrderWithYAndPlace() throws IOException {
        standardMetadata();
        try (WaterbirdsDataset dataset = new WaterbirdsDataset(root)) {
            assertEquals("binary_waterbirds", dataset.name());
            assertEquals("test", dataset.split());
            assertEquals(2, dataset.labelWidth());
            assertEquals(List.of("landbird", "waterbird"), dataset.classNames());
            assertEquals(3, dataset.size());
            List<String> ids = new ArrayList<>();
            List<long[]> labels = new ArrayList<>();
            for (int i = 0; i < dataset.size(); i++) {
                DatasetItem item = dataset.item(i);
                assertEquals(i, item.index());
                ids.add(item.id());
                labels.add(item.label());
            }
            assertEquals(List.of("001.Albatross/a.jpg", "003.Jay/c.jpg", "005.Wren, House/e.jpg"), ids);
            assertArrayEquals(new long[] {1, 0}, labels.get(0));
            assertArrayEquals(new long[] {0, 1}, labels.get(1));
            assertArrayEquals(new long[] {0, 0}, labels.get(2));
            assertArrayEquals("005.Wren, House/e.jpg".getBytes(StandardCharsets.UTF_8), dataset.item(2).encoded());
        }
    }

    @Test
    void otherSplits() throws IOException {
        standardMetadata();
        try (WaterbirdsDataset train = new WaterbirdsDataset(root, "train");
                WaterbirdsDataset val = new WaterbirdsDataset(root, "val")) {
            assertEquals(1, train.size());
            assertEquals("002.Auklet/b.jpg", train.item(0).id());
            assertArrayEquals(new long[] {1, 1}, train.item(0).label());
            assertEquals(1, val.size());
            assertEquals("004.Gull/d.jpg", val.item(0).id());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new WaterbirdsDataset(root, "valid"));
        assertTrue(unknown.getMessage().contains("train, val or test"), unknown.getMessage());
    }

    @Test
    void columnsMayComeInAnyOrder() throws IOException {
        metadata("split,place,img_filename,y\n2,1,003.Jay/c.jpg,0\n");
        try (WaterbirdsDataset dataset = new WaterbirdsDataset(root)) {
            assertEquals("003.Jay/c.jpg", dataset.item(0).id());
            assertArrayEquals(new long[] {0, 1}, dataset.item(0).label());
        }
    }

    @Test
    void errorsNameTheFileAndWhatIsWrong() throws IOException {
        Path csv = root.resolve("metadata.csv");
        metadata("img_id,img_filename,y,split,place_filename\n1,001.Albatross/a.jpg,1,2,x\n");
        IOException column = assertThrows(IOException.class, () -> new WaterbirdsDataset(root));
        assertTrue(column.getMessage().contains(csv.toString()) && column.getMessage().contains("'place'"),
                column.getMessage());

        metadata(HEADER + "1,001.Albatross/a.jpg,bird,2,0,x\n");
        IOException number = assertThrows(IOException.class, () -> new WaterbirdsDataset(root));
        assertTrue(number.getMessage().contains("line 2: column 'y' is 'bird'"), number.getMessage());

        metadata(HEADER + "1,001.Albatross/a.jpg,1,0,0,x\n");
        IOException noTest = assertThrows(IOException.class, () -> new WaterbirdsDataset(root));
        assertTrue(noTest.getMessage().contains("no rows of split test"), noTest.getMessage());

        metadata(HEADER + "1,missing/z.jpg,1,2,0,x\n");
        try (WaterbirdsDataset dataset = new WaterbirdsDataset(root)) {
            IOException missing = assertThrows(IOException.class, () -> dataset.item(0));
            assertTrue(missing.getMessage().contains(root.resolve("missing/z.jpg").toString()),
                    missing.getMessage());
        }

        Files.delete(csv);
        IOException absent = assertThrows(IOException.class, () -> new WaterbirdsDataset(root));
        assertTrue(absent.getMessage().contains(csv.toString()), absent.getMessage());
    }
}
