package io.clipdecomp.core.data;

import io.clipdecomp.core.preprocess.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Reading an item's file, within the byte limit, with an error that says which file and which item. */
final class DatasetFiles {
    private DatasetFiles() {
    }

    static byte[] read(Path file, int index, long maxBytes) throws IOException {
        try {
            return ImageFiles.read(file, maxBytes);
        } catch (IOException e) {
            throw new IOException("cannot read item " + index + ": " + e.getMessage(), e);
        }
    }
}
