package io.clipdecomp.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A CSV file with a header row (RFC 4180: quoted fields may hold commas, newlines and doubled quotes;
 * LF, CRLF or CR line ends; a UTF-8 byte-order mark is skipped; blank lines are ignored, as pandas does).
 */
final class CsvTable {
    /** One data row and the line it starts on (1-based, the header is line 1). */
    record Row(int line, List<String> fields) {
    }

    private final Path file;
    private final List<String> header;
    private final List<Row> rows;

    private CsvTable(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /** Reads and parses the whole file. */
    static CsvTable read(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // opening a named pipe would wait for a writer forever
            throw new IOException("CSV file " + file + " is not a regular file; only regular files are read");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read CSV file " + file + ": " + e, e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> records = parse(file, text);
        if (records.isEmpty()) {
            throw new IOException("CSV file " + file + " is empty (no header row)");
        }
        List<String> header = records.get(0).fields().stream().map(String::trim).toList();
        List<Row> rows = records.subList(1, records.size());
        for (Row row : rows) {
            if (row.fields().size() != header.size()) {
                throw new IOException("CSV file " + file + " line " + row.line() + ": " + row.fields().size()
                        + " fields, but the header has " + header.size());
            }
        }
        return new CsvTable(file, header, Collections.unmodifiableList(new ArrayList<>(rows)));
    }

    private static List<Row> parse(Path file, String text) throws IOException {
        List<Row> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean atFieldStart = true;
        boolean recordStarted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && atFieldStart) {
                int quoteLine = line;
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IOException("CSV file " + file + " line " + quoteLine
                                + ": a quoted field is never closed");
                    }
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                    if (q == '\n' || (q == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
                        line++;
                    }
                    field.append(q);
                }
                if (i < text.length() && ",\r\n".indexOf(text.charAt(i)) < 0) {
                    throw new IOException("CSV file " + file + " line " + line
                            + ": unexpected text after a closing quote");
                }
                atFieldStart = false;
                recordStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                recordStarted = true;
                i++;
            } else if (c == '\n' || c == '\r') {
                i += (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') ? 2 : 1;
                if (recordStarted) {
                    endRecord(records, fields, field, recordLine);
                }
                atFieldStart = true;
                recordStarted = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                atFieldStart = false;
                recordStarted = true;
                i++;
            }
        }
        if (recordStarted) {
            endRecord(records, fields, field, recordLine);
        }
        return records;
    }

    /** Adds the record built so far and clears the buffers for the next one. */
    private static void endRecord(List<Row> records, List<String> fields, StringBuilder field, int line) {
        fields.add(field.toString());
        records.add(new Row(line, List.copyOf(fields)));
        fields.clear();
        field.setLength(0);
    }

    Path file() {
        return file;
    }

    List<Row> rows() {
        return rows;
    }

    /** Position of the named column; throws naming the file, the column and the columns there are. */
    int column(String name) throws IOException {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IOException("CSV file " + file + " has no column '" + name + "' (columns: " + header + ")");
        }
        return index;
    }

    /** The field as an integer; throws naming the file, line and column otherwise. */
    long integer(Row row, int column) throws IOException {
        String value = row.fields().get(column).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("CSV file " + file + " line " + row.line() + ": column '" + header.get(column)
                    + "' is '" + value + "', not an integer");
        }
    }
}
