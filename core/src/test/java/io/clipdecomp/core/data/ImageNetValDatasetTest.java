package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageNet val: wnid folders under root/val or root, sorted. */
class ImageNetValDatasetTest {
    @TempDir
    Path root;

    private void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, file.getFileName().toString());
    }

    @Test
    void readsRootVal() throws IOException {
        Path val = root.resolve("val");
        touch(val.resolve("n01443537/ILSVRC2012_val_00000236.JPEG"));
        touch(val.resolve("n01440764/ILSVRC2012_val_00000293.JPEG"));
        touch(val.resolve("n01440764/ILSVRC2012_val_00002138.JPEG"));
        touch(val.resolve("n01440764/LOC_val_solution.csv"));
        touch(root.resolve("train/n09999999/x.JPEG"));
        try (ImageNetValDataset dataset = new ImageNetValDataset(root)) {
            assertEquals("imagenet", dataset.name());
            assertEquals(List.of("n01440764", "n01443537"), dataset.classNames());
            assertEquals(3, dataset.size());
            assertEquals("n01440764/ILSVRC2012_val_00000293.JPEG", dataset.item(0).id());
            assertEquals("n01440764/ILSVRC2012_val_00002138.JPEG", dataset.item(1).id());
            assertArrayEquals(new long[] {1}, dataset.item(2).label());
        }
    }

    @Test
    void acceptsARootHoldingTheWnidsItself() throws IOException {
        touch(root.resolve("n02/b.JPEG"));
        touch(root.resolve("n01/a.JPEG"));
        try (ImageNetValDataset dataset = new ImageNetValDataset(root)) {
            assertEquals(List.of("n01", "n02"), dataset.classNames());
            assertEquals("n02/b.JPEG", dataset.item(1).id());
        }
    }
}
