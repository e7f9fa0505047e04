package io.clipdecomp.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's files appear in the output folder together on commit, and not at all without one. */
class StagedOutputsTest {
    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void commitReplacesEarlierFilesAndLeavesOthers() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("a.npy"), "old a", StandardCharsets.UTF_8);
        Files.writeString(out.resolve("other.txt"), "not ours", StandardCharsets.UTF_8);
        List<Path> moved;
        try (StagedOutputs staged = StagedOutputs.in(out)) {
            assertEquals(out, staged.dir().getParent());
            assertTrue(staged.dir().getFileName().toString().startsWith(StagedOutputs.FOLDER_PREFIX));
            Files.writeString(staged.dir().resolve("a.npy"), "new a", StandardCharsets.UTF_8);
            Files.writeString(staged.dir().resolve("b.txt"), "new b", StandardCharsets.UTF_8);
            assertEquals("old a", Files.readString(out.resolve("a.npy")), "nothing moves before the commit");
            moved = staged.commit();
        }
        assertEquals(List.of(out.resolve("a.npy"), out.resolve("b.txt")), moved);
        assertEquals(List.of("a.npy", "b.txt", "other.txt"), names(out));
        assertEquals("new a", Files.readString(out.resolve("a.npy")));
        assertEquals("new b", Files.readString(out.resolve("b.txt")));
        assertEquals("not ours", Files.readString(out.resolve("other.txt")));
    }

    @Test
    void closingWithoutACommitLeavesEarlierResultsAsTheyWere() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        byte[] earlier = {1, 2, 3};
        Files.write(out.resolve("a.npy"), earlier);
        try (StagedOutputs staged = StagedOutputs.in(out)) {
            Files.write(staged.dir().resolve("a.npy"), new byte[128]);
            Files.createDirectories(staged.dir().resolve("deep/er"));
            Files.write(staged.dir().resolve("deep/er/x"), new byte[1]);
        }
        assertEquals(List.of("a.npy"), names(out));
        assertArrayEquals(earlier, Files.readAllBytes(out.resolve("a.npy")));
    }

    @Test
    void aFolderCreatedForAFailedRunIsRemovedAgain() throws IOException {
        Path out = dir.resolve("new/out");
        try (StagedOutputs staged = StagedOutputs.in(out)) {
            assertTrue(Files.isDirectory(staged.dir()));
        }
        assertFalse(Files.exists(out));
        assertTrue(Files.isDirectory(dir.resolve("new")), "only the folder itself was the run's");
        try (StagedOutputs staged = StagedOutputs.in(out)) {
            Files.write(staged.dir().resolve("a"), new byte[1]);
            staged.commit();
        }
        assertEquals(List.of("a"), names(out));
    }

    @Test
    void subFoldersAreRefusedBeforeAnythingMoves() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (StagedOutputs staged = StagedOutputs.in(out)) {
            Files.write(staged.dir().resolve("a"), new byte[1]);
            Files.createDirectory(staged.dir().resolve("z"));
            IOException e = assertThrows(IOException.class, staged::commit);
            assertTrue(e.getMessage().contains("z"), e.getMessage());
        }
        assertEquals(List.of(), names(out));
    }

    @Test
    void aRunRemovesTheFoldersOfKilledRunsAndLeavesThoseOfLiveOnes() throws IOException, InterruptedException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Process ended = new ProcessBuilder("true").start();
        assertEquals(0, ended.waitFor());
        Path killed = Files.createDirectories(out.resolve(StagedOutputs.FOLDER_PREFIX + ended.pid() + "-x/deep"));
        Files.write(killed.resolve("part.npy"), new byte[16]);
        String live = StagedOutputs.FOLDER_PREFIX + ProcessHandle.current().pid() + "-y";
        Files.createDirectories(out.resolve(live));
        try (StagedOutputs staged = StagedOutputs.in(out)) {
            assertEquals(List.of(live, staged.dir().getFileName().toString()).stream().sorted().toList(), names(out));
        }
        assertEquals(List.of(live), names(out));
    }
}
