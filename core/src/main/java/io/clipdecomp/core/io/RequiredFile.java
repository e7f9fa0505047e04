package io.clipdecomp.core.io;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** An input file that must exist, with a hint naming what makes it when it does not. */
public final class RequiredFile {
    private RequiredFile() {
    }

    /** {@code file}, which must be a regular file; {@code hint} says where it comes from. */
    public static Path existing(Path file, String hint) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not found; " + hint);
        }
        return file;
    }
}
