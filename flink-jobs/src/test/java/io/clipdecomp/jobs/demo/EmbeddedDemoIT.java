package io.clipdecomp.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.connectors.dataset.DatasetRecords;
import io.clipdecomp.connectors.dataset.DatasetSpec;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.io.NpyDtype;
import io.clipdecomp.core.io.NpyReader;
import io.clipdecomp.jobs.JobFixtures;
import io.clipdecomp.schemas.ImageRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded demo end to end on a tiny random model: every image accounted for, files as the summary says. */
class EmbeddedDemoIT {
    private static final int L = JobFixtures.L;
    private static final int H = JobFixtures.H;
    private static final int D = JobFixtures.D;
    private static final int IMAGES = 8;
    private static final int CORRUPT = 2;
    private static final long SEED = 5;

    @TempDir
    Path dir;

    private static float[] floats(Path file, long... shape) throws IOException {
        try (NpyReader reader = NpyReader.open(file)) {
            assertArrayEquals(shape, reader.shape(), file.getFileName() + " shape");
            assertEquals(NpyDtype.FLOAT32, reader.dtype(), file.getFileName() + " dtype");
            return reader.readFloats();
        }
    }

    private static long integer(JsonObject json, String field) {
        JsonElement e = json.get(field);
        assertTrue(e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber(), field + " in " + json);
        assertTrue(e.getAsString().matches("\\d+"), field + " is written as an integer: " + e);
        return e.getAsLong();
    }

    /** Row {@code i} of a row-major [rows, width] array. */
    private static float[] row(float[] all, int i, int width) {
        return Arrays.copyOfRange(all, i * width, (i + 1) * width);
    }

    @Test
    void theDemoAccountsForEveryImageAndWritesOneRowPerDecomposition() throws Exception {
        Path model = JobFixtures.model(dir.resolve("tiny"));
        Path out = dir.resolve("out");
        List<String> log = new CopyOnWriteArrayList<>();
        DemoSummary summary = new EmbeddedDemo(new DemoOptions(out, IMAGES, CORRUPT, SEED, 2,
                false, JobFixtures.jobSettings(model, 4, 4)), log::add).run();

        assertEquals(IMAGES + CORRUPT, summary.produced(), "produced; log: " + log);
        assertEquals(IMAGES, summary.decomposed(), "decomposed");
        assertEquals(CORRUPT, summary.deadLettered(), "dead-lettered");
        assertTrue(summary.accountsForEveryImage());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(IMAGES + CORRUPT, integer(json, "produced"));
        assertEquals(IMAGES, integer(json, "decomposed"));
        assertEquals(CORRUPT, integer(json, "deadLettered"));
        assertEquals(integer(json, "produced"), integer(json, "decomposed") + integer(json, "deadLettered"));

        // the rows are the images in index order, each the core's decomposition of the same dataset item
        float[] attn = floats(out.resolve("shapes_attn_tiny.npy"), IMAGES, L, H, D);
        float[] mlp = floats(out.resolve("shapes_mlp_tiny.npy"), IMAGES, L + 1, D);
        float[] cls = floats(out.resolve("shapes_cls_attn_tiny.npy"), IMAGES, L, D);
        float[] embeddings = floats(out.resolve("shapes_embeddings_tiny.npy"), IMAGES, D);
        long[] labels;
        try (NpyReader reader = NpyReader.open(out.resolve("shapes_labels_tiny.npy"))) {
            assertArrayEquals(new long[] {IMAGES}, reader.shape(), "labels shape");
            labels = reader.readLongs();
        }
        List<float[]> attnRows = new ArrayList<>();
        List<float[]> mlpRows = new ArrayList<>();
        List<float[]> clsRows = new ArrayList<>();
        try (JobFixtures.Reference reference = new JobFixtures.Reference(model);
             ImageDataset shapes = new DatasetSpec("shapes", null,
                     Map.of("count", Integer.toString(IMAGES), "seed", Long.toString(SEED))).open()) {
            for (int i = 0; i < IMAGES; i++) {
                ImageRecord image = DatasetRecords.read(shapes, i);
                ImageDecomposition expected = reference.decompose(JobFixtures.pixels(JobFixtures.bytes(image)));
                JobFixtures.assertClose(expected.headTerms(), row(attn, i, L * H * D), "attn row " + i);
                JobFixtures.assertClose(expected.mlpTerms(), row(mlp, i, (L + 1) * D), "mlp row " + i);
                JobFixtures.assertClose(expected.clsAttn(), row(cls, i, L * D), "cls_attn row " + i);
                JobFixtures.assertClose(expected.embedding(), row(embeddings, i, D), "embedding row " + i);
                assertEquals(image.getLabel().get(0), labels[i], "label of row " + i);
                attnRows.add(row(attn, i, L * H * D));
                mlpRows.add(row(mlp, i, (L + 1) * D));
                clsRows.add(row(cls, i, L * D));
            }
        }
        // the means written are those over every decomposed image
        JobFixtures.assertClose(JobFixtures.mean(attnRows), floats(out.resolve("shapes_mean_attn_tiny.npy"), L, H, D),
                "mean attn");
        JobFixtures.assertClose(JobFixtures.mean(mlpRows), floats(out.resolve("shapes_mean_mlp_tiny.npy"), L + 1, D),
                "mean mlp");
        JobFixtures.assertClose(JobFixtures.mean(clsRows), floats(out.resolve("shapes_mean_cls_attn_tiny.npy"), L, D),
                "mean cls_attn");

        JsonArray letters = JsonParser.parseString(Files.readString(out.resolve("shapes_dead_letters_tiny.json")))
                .getAsJsonArray();
        TreeSet<String> ids = new TreeSet<>();
        for (JsonElement e : letters) {
            JsonObject letter = e.getAsJsonObject();
            assertEquals("decode", letter.get("stage").getAsString(), letter.toString());
            ids.add(letter.get("id").getAsString());
        }
        assertEquals(new TreeSet<>(List.of("corrupt-8", "corrupt-9")), ids, "dead-lettered ids");
    }

    @Test
    void followKeepsProducingUntilStoppedAndStillAccountsForEveryImage() throws Exception {
        Path model = JobFixtures.model(dir.resolve("tiny"));
        Path out = dir.resolve("follow");
        List<String> log = new CopyOnWriteArrayList<>();
        EmbeddedDemo demo = new EmbeddedDemo(new DemoOptions(out, IMAGES, CORRUPT, SEED, 2,
                true, JobFixtures.jobSettings(model, 4, 4)), log::add);
        CompletableFuture<DemoSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return demo.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        // the follow loop reports every 5 s: its first report shows it went past the first images
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (log.stream().noneMatch(line -> line.startsWith("follow: produced")) && System.nanoTime() < deadline
                && !run.isDone()) {
            Thread.sleep(200);
        }
        demo.requestStop();
        DemoSummary summary = run.get(120, TimeUnit.SECONDS);

        assertTrue(summary.produced() > IMAGES + CORRUPT, "kept producing: " + summary.produced() + "; log: " + log);
        assertEquals(CORRUPT, summary.deadLettered(), "only the corrupt images are dead-lettered");
        assertEquals(summary.produced(), summary.decomposed() + summary.deadLettered(), "every image accounted for");
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(summary.produced(), integer(json, "produced"));
        assertEquals(summary.decomposed(), integer(json, "decomposed"));
        floats(out.resolve("shapes_attn_tiny.npy"), summary.decomposed(), L, H, D);
    }
}
