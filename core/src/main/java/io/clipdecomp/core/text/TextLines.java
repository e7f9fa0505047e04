package io.clipdecomp.core.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads one-text-per-line files: trailing whitespace and a final missing newline are tolerated. */
public final class TextLines {
    private TextLines() {
    }

    /** The non-empty lines of a UTF-8 file, with trailing CR and whitespace removed. */
    public static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist");
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String s = line.stripTrailing();
            if (!s.isEmpty()) {
                lines.add(s);
            }
        }
        if (lines.isEmpty()) {
            throw new IOException(file + " has no non-empty lines");
        }
        return lines;
    }
}
