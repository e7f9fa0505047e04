package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags of {@code demo} that make no sense together are refused before anything starts or is written. */
class DemoCommandTest {
    @TempDir
    Path dir;

    private void assertRefused(String expected, String... flags) {
        Path out = dir.resolve("out");
        String[] args = new String[flags.length + 3];
        args[0] = "demo";
        args[1] = "--out-dir";
        args[2] = out.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        CliFixtures.Run run = CliFixtures.run(args);
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("clipdecomp demo: " + expected), run.err());
        assertFalse(Files.exists(out), "nothing written before the refusal");
        assertFalse(run.err().contains("Kafka broker"), "nothing started: " + run.err());
    }

    @Test
    void theInputFolderRefusesTheSyntheticImagesFlags() throws Exception {
        String input = Files.createDirectory(dir.resolve("in")).toString();
        assertRefused("--images, --corrupt, --seed make no sense with --input-dir", "--input-dir", input,
                "--images", "5", "--corrupt", "0", "--seed", "3");
        assertRefused("--follow makes no sense with --input-dir", "--input-dir", input, "--follow");
        assertRefused("--soak makes no sense with --input-dir", "--input-dir", input, "--soak");
    }

    @Test
    void theDeviceTakesEffect() {
        // the bundled model on a machine without a CUDA libtorch: refused before anything starts, as decompose does
        assertRefused("--device gpu", "--device", "gpu");
    }

    @Test
    void aMissingInputFolderIsNamed() {
        Path missing = dir.resolve("missing");
        assertRefused(missing + " does not exist; give a folder of image files", "--input-dir", missing.toString());
    }

    @Test
    void soakFlagsNeedTheSoakAndTheSoakRefusesFollow() {
        assertRefused("--follow makes no sense with --soak", "--soak", "--follow");
        assertRefused("--max-in-flight only applies to a soak", "--max-in-flight", "10");
        assertRefused("--sample-seconds only applies to a soak", "--sample-seconds", "1");
        assertRefused("--max-in-flight must be larger than the 3 corrupt images", "--soak", "--max-in-flight", "3");
        assertRefused("--max-in-flight must be at least 1, got 0", "--soak", "--corrupt", "0", "--max-in-flight", "0");
        assertRefused("--sample-seconds must be positive", "--soak", "--sample-seconds", "0");
    }
}
