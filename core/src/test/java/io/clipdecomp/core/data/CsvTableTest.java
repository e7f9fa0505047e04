package io.clipdecomp.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV parsing corner cases. */
class CsvTableTest {
    @TempDir
    Path dir;

    private CsvTable table(String text) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, text);
        return CsvTable.read(file);
    }

    private static List<List<String>> fields(CsvTable table) {
        return table.rows().stream().map(CsvTable.Row::fields).toList();
    }

    @Test
    void quotedFieldsWithCommasQuotesAndNewlines() throws IOException {
        CsvTable table = table("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n,\"\",last\n");
        assertEquals(List.of(List.of("x,1", "say \"hi\"", "two\nlines"), List.of("", "", "last")), fields(table));
        assertEquals(2, table.rows().get(0).line());
        assertEquals(4, table.rows().get(1).line());
        assertEquals(2, table.column("c"));
    }

    @Test
    void lineEndsBomBlankLinesAndNoFinalNewline() throws IOException {
        CsvTable table = table("\uFEFFa,b\r\n1,2\r\n\r\n3,4\r5,6");
        assertEquals(List.of(List.of("1", "2"), List.of("3", "4"), List.of("5", "6")), fields(table));
        assertEquals(0, table.column("a"));
        assertEquals(5, table.rows().get(2).line());
    }

    @Test
    void errorsNameFileLineAndColumn() throws IOException {
        Path file = dir.resolve("t.csv");
        IOException count = assertThrows(IOException.class, () -> table("a,b\n1,2\n3\n"));
        assertTrue(count.getMessage().contains(file + " line 3"), count.getMessage());
        IOException open = assertThrows(IOException.class, () -> table("a,b\n1,\"never closed\n"));
        assertTrue(open.getMessage().contains("line 2") && open.getMessage().contains("never closed"),
                open.getMessage());
        IOException after = assertThrows(IOException.class, () -> table("a,b\n\"x\"y,2\n"));
        assertTrue(after.getMessage().contains("after a closing quote"), after.getMessage());
        CsvTable table = table("a,b\n1,x\n");
        IOException column = assertThrows(IOException.class, () -> table.column("c"));
        assertTrue(column.getMessage().contains("'c'") && column.getMessage().contains("[a, b]"),
                column.getMessage());
        IOException number = assertThrows(IOException.class, () -> table.integer(table.rows().get(0), 1));
        assertTrue(number.getMessage().contains("line 2: column 'b' is 'x'"), number.getMessage());
        assertThrows(IOException.class, () -> table(""));
    }
}
