package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.preprocess.HostileImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening datasets by their command-line names. */
class DatasetFactoryTest {
    @TempDir
    Path dir;

    private Path image(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
        return file;
    }

    @Test
    void namedPipesAsMetadataOrPixelFilesAreRefusedUnopened() throws Exception {
        Path waterbirds = Files.createDirectories(dir.resolve("wb"));
        HostileImages.namedPipe(waterbirds.resolve(WaterbirdsDataset.METADATA_FILE));
        Path npy = HostileImages.namedPipe(dir.resolve("pixels.npy"));
        for (Map.Entry<String, Path> kind : Map.of("binary_waterbirds", waterbirds, "npy", npy).entrySet()) {
            IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
                    () -> DatasetFactory.open(kind.getKey(), kind.getValue(), Map.of())));
            assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
        }
    }

    @Test
    void opensEachKnownKind() throws IOException {
        image("folder/cat/a.png");
        try (ImageDataset folder = DatasetFactory.open("folder", dir.resolve("folder"), Map.of())) {
            assertInstanceOf(ImageFolderDataset.class, folder);
            assertEquals("folder", folder.name());
        }
        try (ImageDataset named = DatasetFactory.open("folder", dir.resolve("folder"), Map.of("name", "pets"))) {
            assertEquals("pets", named.name());
        }
        image("imagenet/val/n01440764/x.JPEG");
        try (ImageDataset imagenet = DatasetFactory.open("imagenet", dir.resolve("imagenet"), null)) {
            assertEquals("imagenet", imagenet.name());
            assertEquals(1, imagenet.size());
        }
        image("wb/001.A/a.jpg");
        Files.writeString(dir.resolve("wb/metadata.csv"),
                "img_id,img_filename,y,split,place,place_filename\n1,001.A/a.jpg,1,1,0,p\n");
        try (ImageDataset waterbirds = DatasetFactory.open("binary_waterbirds", dir.resolve("wb"),
                Map.of("split", "val"))) {
            assertEquals("binary_waterbirds", waterbirds.name());
            assertEquals(1, waterbirds.size());
        }
        Path npy = dir.resolve("p.npy");
        NpyWriter.write(npy, new float[3], 1, 3, 1, 1);
        try (ImageDataset pixels = DatasetFactory.open("npy", npy, Map.of())) {
            assertEquals("npy", pixels.name());
        }
        assertEquals(Set.of("folder", "imagenet", "binary_waterbirds", "npy", "shapes"), DatasetFactory.names());
    }

    @Test
    void unknownNamesAndOptionsAreExplained() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> DatasetFactory.open("cifar10", dir, Map.of()));
        assertTrue(name.getMessage().contains("'cifar10'")
                && name.getMessage().contains("folder, imagenet, binary_waterbirds, npy"), name.getMessage());
        IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
                () -> DatasetFactory.open("binary_waterbirds", dir, Map.of("splt", "val")));
        assertTrue(option.getMessage().contains("[splt]") && option.getMessage().contains("[split]"),
                option.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetFactory.open("npy", dir, Map.of("split", "x")));
    }
}
