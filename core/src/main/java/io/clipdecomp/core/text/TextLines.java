package io.clipdecomp.core.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one-text-per-line files so that row i of anything made from a file is its line i: trailing whitespace
 * and a final missing newline are tolerated, a blank line is an error naming its number unless blank lines are
 * asked to be skipped (and then listed).
 */
public final class TextLines {
    private TextLines() {
    }

    /** The lines of a UTF-8 file, trailing CR and whitespace removed; a blank line is an error. */
    public static List<String> read(Path file) throws IOException {
        return read(file, false, new ArrayList<>());
    }

    /**
     * The lines of a UTF-8 file, trailing CR and whitespace removed.
     *
     * @param skipBlank leave blank lines out instead of refusing them
     * @param skipped receives the 1-based numbers of the blank lines left out
     */
    public static List<String> read(Path file, boolean skipBlank, List<Integer> skipped) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist");
        }
        List<String> lines = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String s = line.stripTrailing();
            if (!s.isEmpty()) {
                lines.add(s);
            } else if (skipBlank) {
                skipped.add(number);
            } else {
                throw new IOException(file + " line " + number + " is blank: every line is one text, and its "
                        + "row in the outputs; remove it (or skip blank lines where the command offers it)");
            }
        }
        if (lines.isEmpty()) {
            throw new IOException(file + " has no non-empty lines");
        }
        return lines;
    }
}
