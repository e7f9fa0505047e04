package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.jobs.JobFixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --input-dir} on a folder of good and bad files: every valid image is decomposed (rows in name
 * order, each the core's decomposition of that file), every other entry is a dead letter named by its file.
 */
class DemoInputDirIT {
    private static final int L = JobFixtures.L;
    private static final int H = JobFixtures.H;
    private static final int D = JobFixtures.D;
    private static final long MAX_BYTES = 100_000;

    @TempDir
    Path dir;

    private static byte[] jpeg(int width, int height) throws IOException {
        Path tmp = Files.createTempFile("clipdecomp-test", ".jpg");
        try {
            BufferedImage image = ImageIO.read(CliFixtures.png(tmp.resolveSibling(tmp.getFileName() + ".png"),
                    width, height, 7).toFile());
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".png"));
            assertTrue(ImageIO.write(image, "jpg", tmp.toFile()));
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean mkfifo(Path file) {
        try {
            return new ProcessBuilder("mkfifo", file.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static float[] row(float[] all, int i, int width) {
        return Arrays.copyOfRange(all, i * width, (i + 1) * width);
    }

    @Test
    void everyValidImageIsDecomposedAndEveryBadEntryDeadLetteredByFileName() throws Exception {
        Path model = JobFixtures.model(dir.resolve("tiny"));
        Path input = Files.createDirectory(dir.resolve("input"));
        // the valid images, by name: what each row of the outputs must hold
        Map<String, byte[]> valid = new LinkedHashMap<>();
        valid.put("a.png", Files.readAllBytes(CliFixtures.png(input.resolve("a.png"), 20, 14, 1)));
        byte[] jpeg = jpeg(18, 24);
        Files.write(input.resolve("b.jpg"), jpeg);
        valid.put("b.jpg", jpeg);
        valid.put("c.png", Files.readAllBytes(CliFixtures.png(input.resolve("c.png"), 16, 16, 2)));
        Files.write(input.resolve("x.png"), jpeg(30, 12));
        valid.put("x.png", Files.readAllBytes(input.resolve("x.png")));
        // and the bad entries, with what their reason must say
        Map<String, String> bad = new LinkedHashMap<>();
        byte[] png = Files.readAllBytes(input.resolve("a.png"));
        Files.write(input.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        bad.put("cut.png", "truncated");
        Files.writeString(input.resolve("notes.txt"), "a text file, not an image\n", StandardCharsets.UTF_8);
        bad.put("notes.txt", "unrecognised image format");
        Files.createFile(input.resolve("empty.png"));
        bad.put("empty.png", "empty");
        try (RandomAccessFile big = new RandomAccessFile(input.resolve("big.png").toFile(), "rw")) {
            big.setLength(MAX_BYTES + 1); // sparse: over the limit, refused by its size alone
        }
        bad.put("big.png", "over the limit of " + MAX_BYTES + " bytes");
        CliFixtures.png(input.resolve("sub").resolve("inner.png"), 16, 16, 3);
        bad.put("sub", "a folder");
        if (mkfifo(input.resolve("pipe.png"))) {
            bad.put("pipe.png", "named pipe");
        }
        Path out = dir.resolve("out");

        CliFixtures.Run run = CliFixtures.run("demo", "--input-dir", input.toString(), "--model-dir", model.toString(),
                "--model-name", "tiny", "--out-dir", out.toString(), "--max-image-bytes", Long.toString(MAX_BYTES),
                "--parallelism", "2", "--batch-size", "2", "--means-every", "2").ok();

        int entries = valid.size() + bad.size();
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(entries, summary.get("produced").getAsLong(), summary.toString());
        assertEquals(valid.size(), summary.get("decomposed").getAsLong(), summary.toString());
        assertEquals(bad.size(), summary.get("deadLettered").getAsLong(), summary.toString());
        assertTrue(summary.get("accountedFor").getAsBoolean());
        assertEquals(0, summary.get("ablationReports").getAsLong(), "no labels, no ablation reports");
        assertTrue(summary.get("textSpanResults").getAsLong() > 0, "TextSpan still runs: " + summary);

        JsonArray letters = summary.getAsJsonArray("deadLetters");
        List<String> ids = new ArrayList<>();
        for (JsonElement e : letters) {
            JsonObject letter = e.getAsJsonObject();
            assertEquals(Set.of("id", "stage", "reason"), letter.keySet(), letter.toString());
            String id = letter.get("id").getAsString();
            ids.add(id);
            assertEquals("decode", letter.get("stage").getAsString(), letter.toString());
            assertTrue(bad.containsKey(id), "only bad entries are dead letters: " + letter);
            assertTrue(letter.get("reason").getAsString().contains(bad.get(id)), letter.toString());
            assertTrue(run.out().contains("dead letter: " + id + " (decode): "), run.out());
        }
        assertEquals(bad.keySet().stream().sorted().toList(), ids, "one dead letter per bad entry, in name order");

        // the rows are the valid files in name order, each the core's decomposition of that file
        List<String> names = new ArrayList<>(valid.keySet());
        int k = names.size();
        float[] attn = CliFixtures.floats(out.resolve("input_attn_tiny.npy"), k, L, H, D);
        float[] mlp = CliFixtures.floats(out.resolve("input_mlp_tiny.npy"), k, L + 1, D);
        float[] embeddings = CliFixtures.floats(out.resolve("input_embeddings_tiny.npy"), k, D);
        long[] labels = CliFixtures.longs(out.resolve("input_labels_tiny.npy"), k);
        try (JobFixtures.Reference reference = new JobFixtures.Reference(model)) {
            for (int i = 0; i < k; i++) {
                ImageDecomposition expected = reference.decompose(JobFixtures.pixels(valid.get(names.get(i))));
                JobFixtures.assertClose(expected.headTerms(), row(attn, i, L * H * D), "attn of " + names.get(i));
                JobFixtures.assertClose(expected.mlpTerms(), row(mlp, i, (L + 1) * D), "mlp of " + names.get(i));
                JobFixtures.assertClose(expected.embedding(), row(embeddings, i, D), "embedding of " + names.get(i));
                assertEquals(-1, labels[i], "no label for " + names.get(i));
            }
        }
        List<String> expectedList = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            expectedList.add(i + "\t-1\t" + names.get(i));
        }
        assertEquals(expectedList, Files.readAllLines(out.resolve("input_files_tiny.txt")));
        assertTrue(Files.exists(out.resolve("input_textspan_tiny.json")));
        assertTrue(Files.notExists(out.resolve("input_ablation_tiny.json")), "no ablation report to write");
    }
}
