package io.clipdecomp.core.descriptions;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Writes a description set as text: UTF-8, one description per line, each line ending in '\n'. */
public final class DescriptionFile {
    private DescriptionFile() {
    }

    /**
     * Writes {@code lines} to {@code out}, creating its folder if needed.
     *
     * @param replace whether an existing file may be replaced; without it an existing file is left untouched
     * @throws IllegalArgumentException if {@code out} is a folder, or exists and {@code replace} is false
     */
    public static void write(Path out, List<String> lines, boolean replace) {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("output path " + out + " is a folder; give the file to write");
        }
        OpenOption[] options = replace
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8, options)) {
                for (String line : lines) {
                    writer.write(line);
                    writer.write('\n');
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("output file " + out + " exists; pass --force to replace it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write descriptions to " + out, e);
        }
    }
}
