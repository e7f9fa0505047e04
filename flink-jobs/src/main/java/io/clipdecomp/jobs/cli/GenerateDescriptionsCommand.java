package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.descriptions.DescriptionFile;
import io.clipdecomp.core.descriptions.DescriptionWorld;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate-descriptions}: writes our own set of short image descriptions, one per line. */
@Command(name = "generate-descriptions", mixinStandardHelpOptions = true,
        description = "Writes short, distinct image descriptions made from our own vocabulary, one per line "
                + "(UTF-8), for text-set and textspan. general: things, scenes, places, weather, light, colours, "
                + "textures, materials, counts, styles, photo properties and moods; shapes: the shapes world's "
                + "shape, colour, size, position and background, in words the bundled model knows. "
                + "The same seed gives the same file.")
public final class GenerateDescriptionsCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "File to write; an existing one is kept unless --force.")
    Path out;

    @Option(names = "--count", paramLabel = "N",
            description = "Number of descriptions (default: " + DescriptionWorld.GENERAL_DEFAULT_COUNT
                    + " for general; for shapes all of them, at most " + DescriptionWorld.SHAPES_DEFAULT_CAP
                    + "). Fails if the world's vocabulary cannot make N distinct ones.")
    Integer count;

    @Option(names = "--world", defaultValue = "general", paramLabel = "general|shapes",
            description = "Whose vocabulary (default: ${DEFAULT-VALUE}).")
    String world;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Override
    public Integer call() {
        DescriptionWorld chosen = DescriptionWorld.fromName(world);
        int n = count == null ? chosen.defaultCount() : count;
        List<String> lines = chosen.texts(n, seed);
        Path file = out.toAbsolutePath();
        DescriptionFile.write(file, lines, force);
        System.out.printf("wrote %d %s descriptions (seed %d) to %s%n", lines.size(), chosen.id(), seed, file);
        return 0;
    }
}
