package io.clipdecomp.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files of one run, written into a hidden folder inside the output folder and moved into place together
 * when the run has succeeded. A run that fails (or is closed without {@link #commit()}) removes its folder and
 * leaves every earlier result as it was. A run that was killed cannot remove its folder: the folder's name carries
 * the run's process id, and the next run into the same output folder removes the folders of processes that are gone.
 */
public final class StagedOutputs implements Closeable {
    /** Starts the name of every staging folder. */
    public static final String FOLDER_PREFIX = ".clipdecomp-run-";

    private final Path target;
    private final Path staging;
    private final boolean createdTarget;
    private boolean finished;

    private StagedOutputs(Path target, Path staging, boolean createdTarget) {
        this.target = target;
        this.staging = staging;
        this.createdTarget = createdTarget;
    }

    /** Creates {@code outDir} if needed and a new staging folder inside it; removes those of killed runs. */
    public static StagedOutputs in(Path outDir) throws IOException {
        Path target = outDir.toAbsolutePath();
        boolean created = !Files.isDirectory(target);
        Files.createDirectories(target);
        removeFoldersOfEndedRuns(target);
        Path staging = Files.createDirectory(target.resolve(FOLDER_PREFIX + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID()));
        return new StagedOutputs(target, staging, created);
    }

    private static void removeFoldersOfEndedRuns(Path target) throws IOException {
        List<Path> ended;
        try (Stream<Path> listing = Files.list(target)) {
            ended = listing.filter(p -> p.getFileName().toString().startsWith(FOLDER_PREFIX) && Files.isDirectory(p))
                    .filter(p -> !ownerAlive(p.getFileName().toString().substring(FOLDER_PREFIX.length())))
                    .toList();
        }
        for (Path folder : ended) {
            deleteTree(folder);
        }
    }

    /** Whether the process named at the start of a staging folder's name still runs (unreadable names: assumed so). */
    private static boolean ownerAlive(String pidAndId) {
        int dash = pidAndId.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? pidAndId : pidAndId.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Where the run writes its files, under their final names. */
    public Path dir() {
        return staging;
    }

    /** The output folder the files end up in. */
    public Path target() {
        return target;
    }

    /**
     * Moves every file of the staging folder into the output folder, each in one step replacing an earlier file of
     * that name, and removes the staging folder.
     *
     * @return the final paths, sorted by name
     * @throws IOException if the staging folder holds a sub-folder (runs write flat sets of files)
     */
    public List<Path> commit() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(staging)) {
            files = listing.sorted().toList();
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is not a regular file; a run's outputs are files only");
            }
        }
        List<Path> moved = new ArrayList<>();
        for (Path file : files) {
            Path destination = target.resolve(file.getFileName().toString());
            FileReplacement.moveIntoPlace(file, destination);
            moved.add(destination);
        }
        Files.delete(staging);
        finished = true;
        return moved;
    }

    /** Without a commit, deletes the staging folder and, if this run created the output folder, that too when empty. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (Files.exists(staging)) {
            deleteTree(staging);
        }
        if (createdTarget) {
            try (Stream<Path> left = Files.list(target)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(target);
                }
            }
        }
    }
}
