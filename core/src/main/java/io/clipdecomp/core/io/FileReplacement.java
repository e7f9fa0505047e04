package io.clipdecomp.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Output files written under a temporary name beside their final one and moved into place only when complete,
 * so a reader (or a later failed run) never sees half a file where a whole one was.
 */
public final class FileReplacement {
    /** Ends every temporary name, so stray ones from a killed process are easy to recognise. */
    public static final String TEMPORARY_SUFFIX = ".clipdecomp-tmp";

    private FileReplacement() {
    }

    /** A hidden name in the target's folder (so the final move is a rename), unique to this call. */
    public static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
    }

    /** Writes {@code text} as UTF-8 to {@code target}, replacing it only once the text is complete. */
    public static void writeString(Path target, String text) throws IOException {
        Path temporary = temporaryFor(target);
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Moves {@code temporary} onto {@code target} in one step, replacing what was there. */
    public static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
