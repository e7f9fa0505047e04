package io.clipdecomp.core.descriptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptionFileTest {
    @TempDir
    Path dir;

    @Test
    void everyLineEndsInANewline() throws IOException {
        Path out = dir.resolve("new/folder/set.txt");
        DescriptionFile.write(out, List.of("A badge", "Two dogs"), false);
        assertArrayEquals("A badge\nTwo dogs\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out));
    }

    @Test
    void anExistingFileIsKeptUnlessReplacingIsAsked() throws IOException {
        Path out = Files.writeString(dir.resolve("set.txt"), "mine, three lines\nof\ntext\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DescriptionFile.write(out, List.of("A badge"), false));
        assertTrue(e.getMessage().contains(out + " exists") && e.getMessage().contains("--force"), e.getMessage());
        assertEquals("mine, three lines\nof\ntext\n", Files.readString(out));
        DescriptionFile.write(out, List.of("A badge"), true);
        assertEquals("A badge\n", Files.readString(out));
    }

    @Test
    void aFolderIsNotAFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DescriptionFile.write(dir, List.of("A badge"), true));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }
}
