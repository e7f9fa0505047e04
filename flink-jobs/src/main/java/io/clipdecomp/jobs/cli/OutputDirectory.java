package io.clipdecomp.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --out-dir} flag: resolved against the working directory and created when missing. */
public final class OutputDirectory {
    /** The flag's name, also used by commands that default to a folder of their own. */
    public static final String OPTION = "--out-dir";

    @Option(names = OPTION, defaultValue = "output_dir", paramLabel = "DIR",
            description = "Where results are written (default: ./${DEFAULT-VALUE}; created if missing).")
    Path outDir;

    /** The folder as an absolute path, not created. */
    public Path path() {
        return outDir.toAbsolutePath();
    }

    /** The folder, created if needed. */
    public Path create() throws IOException {
        Path dir = path();
        Files.createDirectories(dir);
        return dir;
    }
}
