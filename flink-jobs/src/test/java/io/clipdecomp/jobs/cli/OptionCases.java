package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of one command, each with a case that shows it taking effect or being refused with a message. The
 * first test compares the options covered with those the command declares (its own, not --help, --version or the
 * root's inherited --verbose), so an option added without a case fails it.
 */
final class OptionCases {
    private final String command;
    private final Map<String, Executable> cases = new LinkedHashMap<>();
    private final Map<String, List<String>> optionsOfCase = new LinkedHashMap<>();

    OptionCases(String command) {
        this.command = command;
    }

    /** Adds a case, named for what it shows, covering {@code options}. */
    OptionCases add(String name, Executable check, String... options) {
        if (cases.put(name, check) != null) {
            throw new IllegalArgumentException("two cases named " + name);
        }
        optionsOfCase.put(name, List.of(options));
        return this;
    }

    /** The command's own options, by their longest name. */
    static Set<String> declared(String command) {
        CommandLine sub = new CommandLine(new ClipdecompCommand()).getSubcommands().get(command);
        return sub.getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.inherited())
                .map(OptionSpec::longestName).collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code command} with {@code args} parsed into it, as the command line would before running it. */
    static <T> T parsed(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    /** {@code flags} followed by {@code more}. */
    static String[] with(String[] flags, String... more) {
        String[] all = Arrays.copyOf(flags, flags.length + more.length);
        System.arraycopy(more, 0, all, flags.length, more.length);
        return all;
    }

    /** Runs the command line and asserts it is refused, saying {@code expected}. */
    static CliFixtures.Run assertRefused(String expected, String... args) {
        CliFixtures.Run r = CliFixtures.run(args);
        assertNotEquals(0, r.exit(), "refused; stdout:\n" + r.out());
        assertTrue(r.err().contains(expected), "the refusal says '" + expected + "': " + r.err());
        return r;
    }

    /**
     * {@code --device gpu} reaching what {@code device} returns on a machine with a GPU, or refused naming the
     * device on one without.
     */
    static void assertDevice(ThrowingSupplier<String> device) throws Throwable {
        String got;
        try {
            got = device.get();
        } catch (IllegalStateException noGpu) {
            assertTrue(noGpu.getMessage().startsWith("--device gpu: the PyTorch engine sees 0 GPU(s)"),
                    noGpu.getMessage());
            return;
        }
        assertEquals("gpu", got);
    }

    /** The coverage check, then one test per case. */
    List<DynamicTest> tests() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every option of " + command + " has a case", () -> {
            Set<String> covered = new TreeSet<>();
            optionsOfCase.values().forEach(covered::addAll);
            Set<String> declared = declared(command);
            Set<String> missing = new TreeSet<>(declared);
            missing.removeAll(covered);
            Set<String> unknown = new TreeSet<>(covered);
            unknown.removeAll(declared);
            assertTrue(missing.isEmpty(), command + " options without a case showing their effect: " + missing);
            assertEquals(Set.of(), unknown, "cases for options " + command + " does not have");
        }));
        cases.forEach((name, check) -> tests.add(DynamicTest.dynamicTest(
                name + " " + optionsOfCase.get(name), check)));
        return tests;
    }
}
