package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README and {@code --help} name the same commands and the same flags: every one the README uses exists. */
class ReadmeOptionsTest {
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|(.*)\\|(.*)\\|$");
    private static final Pattern FLAG_SPAN = Pattern.compile("`(--[a-z0-9-]+)");
    private static final Pattern FLAG = Pattern.compile("(?<=\\s)--[a-z0-9-]+");

    private static String readme;
    private static Map<String, CommandLine> commands;

    @BeforeAll
    static void readBoth() throws IOException {
        readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"),
                StandardCharsets.UTF_8);
        commands = new CommandLine(new ClipdecompCommand()).getSubcommands();
    }

    @Test
    void theCommandTableListsEveryCommandAndOnlyThose() {
        TreeSet<String> inTable = new TreeSet<>();
        Matcher row = TABLE_ROW.matcher(readme);
        while (row.find()) {
            inTable.add(row.group(1));
        }
        TreeSet<String> inHelp = new TreeSet<>(commands.keySet());
        inHelp.remove("help");
        assertEquals(inHelp, inTable, "the README's command table against --help");
    }

    @Test
    void everyFlagOfTheCommandTableBelongsToItsCommand() {
        Matcher row = TABLE_ROW.matcher(readme);
        List<String> unknown = new ArrayList<>();
        while (row.find()) {
            Matcher flag = FLAG_SPAN.matcher(row.group(2));
            while (flag.find()) {
                if (!hasOption(row.group(1), flag.group(1))) {
                    unknown.add(row.group(1) + " " + flag.group(1));
                }
            }
        }
        assertEquals(List.of(), unknown, "flags the table gives commands that do not have them");
    }

    @Test
    void everyFlagOfTheExampleCommandLinesBelongsToItsCommand() {
        List<String> unknown = new ArrayList<>();
        int lines = 0;
        for (String line : readme.replace("\\\n", " ").split("\n")) {
            Matcher command = Pattern.compile("clipdecomp(?:-flink-job\\.jar)? ([a-z-]+)( .*)?$").matcher(line);
            if (!line.contains("bin/clipdecomp ") && !line.contains("clipdecomp-flink-job.jar ") || !command.find()) {
                continue;
            }
            lines++;
            String name = command.group(1);
            assertTrue(commands.containsKey(name), "no command " + name + " (" + line + ")");
            Matcher flag = FLAG.matcher(" " + (command.group(2) == null ? "" : command.group(2).split(" #")[0]));
            while (flag.find()) {
                if (!hasOption(name, flag.group())) {
                    unknown.add(name + " " + flag.group());
                }
            }
        }
        assertTrue(lines >= 20, "the README's example command lines were found: " + lines);
        assertEquals(List.of(), unknown, "flags the examples give commands that do not have them");
    }

    private static boolean hasOption(String command, String flag) {
        CommandLine cli = commands.get(command);
        return cli != null && cli.getCommandSpec().findOption(flag) != null;
    }
}
