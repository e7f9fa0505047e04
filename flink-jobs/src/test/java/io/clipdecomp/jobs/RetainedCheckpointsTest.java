package io.clipdecomp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {
    private static final String OLD = "0123456789abcdef0123456789abcdef";
    private static final String NEW = "fedcba9876543210fedcba9876543210";

    @Test
    void anEmptyOrMissingFolderHasNoCheckpoint(@TempDir Path dir) throws IOException {
        RetainedCheckpoints retained = new RetainedCheckpoints(dir.resolve("absent"));
        assertTrue(retained.latest().isEmpty());
        assertTrue(retained.jobIds().isEmpty());
        assertEquals(0, retained.removeAllBut(NEW));
    }

    @Test
    void theLatestIsTheHighestCompletedOfAJobAndFoldersWithoutMetadataDoNotCount(@TempDir Path dir)
            throws IOException {
        checkpoint(dir, OLD, 3, 100);
        checkpoint(dir, OLD, 4, 101);
        // killed while checkpoint 5 was being written: its folder has state but no _metadata
        Files.createDirectories(checkpointDir(dir, OLD, 5)).resolve("op-state").toFile().createNewFile();
        Files.createDirectories(StreamingEnvironments.checkpointsOf(dir).resolve(OLD).resolve("shared"));
        RetainedCheckpoints.Checkpoint latest = new RetainedCheckpoints(dir).latest().orElseThrow();
        assertEquals(OLD, latest.jobId());
        assertEquals(4, latest.id());
        assertEquals(checkpointDir(dir, OLD, 4), latest.dir());
    }

    @Test
    void acrossJobsTheOneCompletedLastWinsEvenWithALowerId(@TempDir Path dir) throws IOException {
        checkpoint(dir, OLD, 40, 100);
        // a run that started over counts from 1 again
        checkpoint(dir, NEW, 2, 200);
        RetainedCheckpoints retained = new RetainedCheckpoints(dir);
        assertEquals(Optional.of(NEW), retained.latest().map(RetainedCheckpoints.Checkpoint::jobId));
        assertEquals(2, retained.latest().orElseThrow().id());
        checkpoint(dir, OLD, 41, 300);
        assertEquals(41, retained.latest().orElseThrow().id());
        assertEquals(List.of(OLD, NEW), retained.jobIds());
    }

    @Test
    void removingKeepsOnlyTheNamedJobsCheckpointsAndRocksDbFolders(@TempDir Path dir) throws IOException {
        checkpoint(dir, OLD, 7, 100);
        Files.createDirectories(StreamingEnvironments.checkpointsOf(dir).resolve(OLD).resolve("shared"))
                .resolve("sst-1").toFile().createNewFile();
        checkpoint(dir, NEW, 8, 200);
        Path rocksDb = StreamingEnvironments.rocksDbOf(dir);
        Path oldWork = Files.createDirectories(rocksDb.resolve("job_" + OLD + "_op_Means_1_uuid_a").resolve("db"));
        Path newWork = Files.createDirectories(rocksDb.resolve("job_" + NEW + "_op_Means_1_uuid_b").resolve("db"));
        Path unrelated = Files.createDirectories(rocksDb.resolve("something-else"));
        Path savepoint = Files.createDirectories(dir.resolve("savepoints").resolve("savepoint-1"));

        RetainedCheckpoints retained = new RetainedCheckpoints(dir);
        assertEquals(2, retained.removeAllBut(NEW));
        assertEquals(List.of(NEW), retained.jobIds());
        assertFalse(Files.exists(StreamingEnvironments.checkpointsOf(dir).resolve(OLD)));
        assertFalse(Files.exists(oldWork.getParent()));
        assertTrue(Files.isDirectory(newWork));
        assertTrue(Files.isRegularFile(checkpointDir(dir, NEW, 8).resolve("_metadata")));
        assertTrue(Files.isDirectory(unrelated), "only RocksDB working folders of jobs are removed");
        assertTrue(Files.isDirectory(savepoint), "savepoints are never removed");
        assertEquals(0, retained.removeAllBut(NEW));
    }

    private static Path checkpointDir(Path dir, String job, long id) {
        return StreamingEnvironments.checkpointsOf(dir).resolve(job).resolve("chk-" + id);
    }

    private static void checkpoint(Path dir, String job, long id, long writtenAtSecond) throws IOException {
        Path metadata = Files.createDirectories(checkpointDir(dir, job, id)).resolve("_metadata");
        Files.write(metadata, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochSecond(writtenAtSecond)));
    }
}
