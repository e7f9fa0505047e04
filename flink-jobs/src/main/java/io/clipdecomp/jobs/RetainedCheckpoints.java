package io.clipdecomp.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints that streaming runs leave under one checkpoint folder (laid out by {@link StreamingEnvironments}):
 * the latest completed one, which the next run resumes from, and the removal of earlier runs' checkpoints and
 * RocksDB working folders once a run has completed a checkpoint of its own.
 *
 * <p>A checkpoint is complete when its {@code _metadata} exists: Flink writes that file last, under a temporary
 * name it renames at the end, so a run killed while checkpointing leaves a {@code chk-N} folder without one.
 * The folder belongs to one job at a time: {@link #removeAllBut} removes every other job's files.
 */
public final class RetainedCheckpoints {
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final Pattern ROCKSDB_FOLDER = Pattern.compile("job_([0-9a-f]{32})_op_.*");
    private static final String METADATA = "_metadata";

    private final Path checkpoints;
    private final Path rocksDb;

    /** The checkpoints of the runs whose checkpoint folder is {@code dir}. */
    public RetainedCheckpoints(Path dir) {
        checkpoints = StreamingEnvironments.checkpointsOf(dir);
        rocksDb = StreamingEnvironments.rocksDbOf(dir);
    }

    /**
     * A completed checkpoint.
     *
     * @param jobId the Flink job that took it
     * @param id its checkpoint id, counted on across restores (restarting at 1 only when a run starts over)
     * @param dir its {@code chk-N} folder, the path to restore from
     * @param completedAt when its {@code _metadata} was written
     */
    public record Checkpoint(String jobId, long id, Path dir, FileTime completedAt) {
    }

    /**
     * The latest completed checkpoint: of each job its highest id, and of those the one completed last (a run
     * that started over counts its ids from 1 again).
     */
    public Optional<Checkpoint> latest() throws IOException {
        List<Checkpoint> perJob = new ArrayList<>();
        for (String job : jobIds()) {
            latestOf(job).ifPresent(perJob::add);
        }
        return perJob.stream().max(Comparator.comparing(Checkpoint::completedAt).thenComparingLong(Checkpoint::id));
    }

    /** The highest completed checkpoint of one job, if it has completed any. */
    public Optional<Checkpoint> latestOf(String jobId) throws IOException {
        Checkpoint latest = null;
        for (Path dir : children(checkpoints.resolve(jobId))) {
            Matcher m = CHECKPOINT.matcher(dir.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            long id = Long.parseLong(m.group(1));
            Optional<FileTime> written = modified(dir.resolve(METADATA));
            if (written.isPresent() && (latest == null || id > latest.id())) {
                latest = new Checkpoint(jobId, id, dir, written.get());
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The jobs that have a folder of checkpoints here, complete or not. */
    public List<String> jobIds() throws IOException {
        return children(checkpoints).stream().map(p -> p.getFileName().toString())
                .filter(name -> JOB_ID.matcher(name).matches()).sorted().toList();
    }

    /**
     * Deletes the checkpoints and RocksDB working folders of every job but {@code jobId}: runs that were killed
     * or ended, whose files Flink no longer owns.
     *
     * @return the number of folders deleted
     */
    public int removeAllBut(String jobId) throws IOException {
        int removed = 0;
        for (String job : jobIds()) {
            if (!job.equals(jobId)) {
                FileTrees.delete(checkpoints.resolve(job));
                removed++;
            }
        }
        for (Path dir : children(rocksDb)) {
            Matcher m = ROCKSDB_FOLDER.matcher(dir.getFileName().toString());
            if (m.matches() && !m.group(1).equals(jobId)) {
                FileTrees.delete(dir);
                removed++;
            }
        }
        return removed;
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException removedMeanwhile) {
            return List.of();
        }
    }

    private static Optional<FileTime> modified(Path file) throws IOException {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.getLastModifiedTime(file)) : Optional.empty();
        } catch (NoSuchFileException subsumedMeanwhile) {
            // Flink discards a checkpoint once a newer one completes
            return Optional.empty();
        }
    }
}
