package io.clipdecomp.jobs.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where clipdecomp is installed, so that bundled files are found whatever the working directory. */
public final class Installation {
    /** The bundled small model, relative to the installation root. */
    public static final String BUNDLED_MODEL = "models/shapes-tiny";

    private Installation() {
    }

    /**
     * The installation root: the {@code clipdecomp.home} property the launcher sets, else the folder holding
     * {@code flink-jobs/} above the running jar or classes.
     */
    public static Path home() {
        String property = System.getProperty("clipdecomp.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        try {
            Path code = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("flink-jobs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /** The default model folder: the bundled {@code models/shapes-tiny}. */
    public static Path defaultModelDir() {
        return home().resolve(BUNDLED_MODEL);
    }
}
