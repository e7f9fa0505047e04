package io.clipdecomp.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading an item's file with an error that says which file and which item. */
final class DatasetFiles {
    private DatasetFiles() {
    }

    static byte[] read(Path file, int index) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read image file " + file + " (item " + index + "): " + e, e);
        }
    }
}
