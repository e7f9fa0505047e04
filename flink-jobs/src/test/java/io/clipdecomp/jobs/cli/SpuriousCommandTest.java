package io.clipdecomp.jobs.cli;

import static io.clipdecomp.jobs.cli.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.spurious.GroupAccuracies;
import io.clipdecomp.core.spurious.WaterbirdsFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spurious}: flags, printed lines, the JSON contract, and group accuracies against a plain computation. */
class SpuriousCommandTest {
    private static final List<String> KEYS = List.of("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)", "full", "worst");

    @TempDir
    Path dir;

    @Test
    void givenHeadsGiveTheOriginalsGroupAccuraciesAndTheJsonContract() throws IOException {
        WaterbirdsFixture f = new WaterbirdsFixture(11, 700, new TermShape(6, 3, 8), new HeadIndex(4, 1), 0.8, 1.5);
        f.write(dir, "wb", "m", "wb_labels.npy");
        Path out = dir.resolve("out");
        CliFixtures.Run r = run("spurious", "--input-dir", dir.toString(), "--dataset", "wb", "--model-name", "m",
                "--heads", "4.1,5.0", "--random-trials", "3", "--seed", "2", "--out-dir", out.toString()).ok();
        JsonObject json = json(out.resolve("wb_spurious_m.json"));
        List<HeadIndex> heads = List.of(new HeadIndex(4, 1), new HeadIndex(5, 0));
        assertGroups(f.plain(null), json.getAsJsonObject("baseline"));
        assertGroups(f.plain(heads), json.getAsJsonObject("replaced"));
        assertEquals("[[4,1],[5,0]]", json.get("heads").toString());
        JsonArray random = json.getAsJsonArray("random");
        assertEquals(3, random.size());
        for (JsonElement e : random) {
            JsonObject t = e.getAsJsonObject();
            List<HeadIndex> set = new ArrayList<>();
            for (JsonElement h : t.getAsJsonArray("heads")) {
                set.add(new HeadIndex(h.getAsJsonArray().get(0).getAsInt(), h.getAsJsonArray().get(1).getAsInt()));
            }
            assertEquals(2, set.size());
            assertTrue(set.stream().allMatch(h -> h.layer() >= 2), "last four layers: " + set);
            GroupAccuracies plain = f.plain(set);
            assertEquals(plain.worst(), t.get("worst").getAsDouble());
            assertEquals(plain.full(), t.get("full").getAsDouble());
        }
        List<String> lines = r.out().lines().toList();
        assertEquals("Heads (given, 2): 4.1, 5.0", lines.get(0));
        assertEquals("Baseline: " + f.plain(null).toPythonDict(), lines.get(1));
        assertEquals("Replaced: " + f.plain(heads).toPythonDict(), lines.get(2));
        GroupAccuracies replaced = f.plain(heads);
        assertTrue(lines.get(3).startsWith("Worst group: baseline " + GroupAccuracies.GROUPS.get(f.plain(null)
                .worstGroup()) + " " + f.plain(null).worst() + ", replaced "
                + GroupAccuracies.GROUPS.get(replaced.worstGroup()) + " " + replaced.worst()), lines.get(3));
        assertTrue(lines.get(4).startsWith("Random heads, best worst group of 3 sets of 2 heads of layers 2-5 (seed 2)"),
                lines.get(4));
        assertEquals(700, json.get("images").getAsLong());
        CliFixtures.Run again = run("spurious", "--input-dir", dir.toString(), "--dataset", "wb", "--model-name", "m",
                "--heads", "4.1,5.0", "--random-trials", "3", "--seed", "2", "--out-dir", dir.resolve("again").toString())
                .ok();
        assertEquals(r.out(), again.out(), "the seed fixes the random sets");
    }

    @Test
    void paperHeadsUseTheOriginalsListForTheModelAndSaySo() throws IOException {
        WaterbirdsFixture f = new WaterbirdsFixture(12, 120, new TermShape(12, 12, 4), new HeadIndex(11, 3), 0.8, 1.0);
        f.write(dir, "binary_waterbirds", "ViT-B-16", "binary_waterbirds_labels.npy");
        CliFixtures.Run r = run("spurious", "--input-dir", dir.toString(), "--dataset", "binary_waterbirds",
                "--model-name", "ViT-B-16", "--heads", "paper").ok();
        assertTrue(r.out().startsWith("Heads (the original's hand-picked list for ViT-B-16, 7): 11.6, 11.0, 11.3, "
                + "10.11, 10.10, 9.8, 9.6\n"), r.out());
        JsonObject json = json(dir.resolve("binary_waterbirds_spurious_ViT-B-16.json"));
        assertEquals("[[11,6],[11,0],[11,3],[10,11],[10,10],[9,8],[9,6]]", json.get("heads").toString());
        assertGroups(f.plain(HeadIndex.parseList("11.6,11.0,11.3,10.11,10.10,9.8,9.6")), json.getAsJsonObject("replaced"));
        assertEquals(5, json.getAsJsonArray("random").size(), "five random sets by default");

        f.write(dir, "binary_waterbirds", "tiny", "binary_waterbirds_labels.npy");
        CliFixtures.Run other = run("spurious", "--input-dir", dir.toString(), "--dataset", "binary_waterbirds",
                "--model-name", "tiny", "--heads", "paper");
        assertEquals(1, other.exit());
        assertTrue(other.err().contains("hand-picked heads only for ViT-B-16, ViT-L-14, ViT-H-14, not for model 'tiny'"),
                other.err());
        assertFalse(Files.exists(dir.resolve("binary_waterbirds_spurious_tiny.json")));
    }

    @Test
    void autoChoosesThePlantedPlaceHeadAndPrintsTheTextsThatMatched() throws IOException {
        int d = 16;
        WaterbirdsFixture f = new WaterbirdsFixture(13, 600, new TermShape(6, 4, d), new HeadIndex(4, 2), 0.8, 2.0);
        f.write(dir, "wb", "m", "wb_labels_m.npy");
        SplittableRandom random = new SplittableRandom(5);
        List<String> poolTexts = new ArrayList<>();
        float[][] pool = new float[40][];
        for (int i = 0; i < pool.length; i++) {
            boolean place = i >= 36;
            pool[i] = place ? WaterbirdsFixture.textNear(f.placeDirection, random) : WaterbirdsFixture.randomText(d, random);
            poolTexts.add(place ? "a place text " + i : "another text " + i);
        }
        Files.write(dir.resolve("pool.txt"), poolTexts, StandardCharsets.UTF_8);
        NpyWriter.writeRows(dir.resolve("pool_m.npy"), pool);
        Path concepts = Files.write(dir.resolve("places.txt"), List.of("water", "forest"), StandardCharsets.UTF_8);
        NpyWriter.writeRows(dir.resolve("places_m.npy"), new float[][] {
            WaterbirdsFixture.textNear(f.placeDirection, random), WaterbirdsFixture.textNear(f.placeDirection, random)});
        CliFixtures.Run r = run("spurious", "--input-dir", dir.toString(), "--dataset", "wb", "--model-name", "m",
                "--auto", "1", "--concepts", concepts.toString(), "--text-set", "pool", "--texts-per-head", "5",
                "--w-ov-rank", "16").ok();
        List<String> lines = r.out().lines().toList();
        assertEquals("Heads (chosen automatically by their TextSpan texts against places.txt, 1): 4.2", lines.get(0));
        assertTrue(lines.get(1).startsWith("Head 4.2: concept score "), lines.get(1));
        assertTrue(lines.get(2).matches(" {4}[0-9.]+ {2}a place text [0-9]+ {2}\\(nearest concept: (water|forest)\\)"),
                lines.get(2));
        JsonObject json = json(dir.resolve("wb_spurious_m.json"));
        assertEquals("[[4,2]]", json.get("heads").toString());
        JsonObject chosen = json.getAsJsonArray("auto").get(0).getAsJsonObject();
        assertEquals(4, chosen.get("layer").getAsInt());
        assertEquals(5, chosen.getAsJsonArray("texts").size());
        GroupAccuracies replaced = f.plain(List.of(new HeadIndex(4, 2)));
        assertGroups(replaced, json.getAsJsonObject("replaced"));
        assertTrue(replaced.worst() > f.plain(null).worst() + 10, "the place head's removal helps the worst group");
    }

    @Test
    void optionsThatCannotTakeEffectAreRefused() throws IOException {
        WaterbirdsFixture f = new WaterbirdsFixture(14, 30, new TermShape(6, 2, 4), new HeadIndex(5, 1), 0.8, 1.0);
        f.write(dir, "wb", "m", "wb_labels.npy");
        String[] base = {"spurious", "--input-dir", dir.toString(), "--dataset", "wb", "--model-name", "m"};
        assertRefused(join(base), "give either --heads l.h,... (or --heads paper) or --auto K");
        assertRefused(join(base, "--heads", "1.1", "--auto", "1"), "give either");
        assertRefused(join(base, "--heads", "1.1", "--text-set", "pool"), "--text-set only applies with --auto K");
        assertRefused(join(base, "--heads", "1.1", "--w-ov-rank", "8"), "--w-ov-rank only applies with --auto K");
        assertRefused(join(base, "--auto", "1"), "--auto needs --concepts FILE and --text-set NAME");
        assertRefused(join(base, "--heads", "1.1", "--random-trials", "-1"), "--random-trials must be 0 or more");
        assertRefused(join(base, "--heads", "6.0"), "head 6.0 is outside the decomposition's 6 layers of 2 heads");
        // nine heads, but the last four layers have only eight to draw random sets from
        String nine = "0.0,0.1,1.0,1.1,2.0,2.1,3.0,3.1,4.0";
        assertRefused(join(base, "--heads", nine, "--random-trials", "1"), "cannot draw 9 distinct heads out of the 8");
        run(join(base, "--heads", nine, "--random-trials", "0")).ok();
    }

    private static void assertRefused(String[] args, String message) {
        CliFixtures.Run r = run(args);
        assertEquals(1, r.exit(), String.join(" ", args));
        assertTrue(r.err().contains(message), r.err());
    }

    private static String[] join(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static void assertGroups(GroupAccuracies expected, JsonObject got) {
        assertEquals(KEYS, List.copyOf(got.keySet()));
        for (int g = 0; g < 4; g++) {
            assertEquals(expected.group(g), got.get(KEYS.get(g)).getAsDouble(), KEYS.get(g));
        }
        assertEquals(expected.full(), got.get("full").getAsDouble());
        assertEquals(expected.worst(), got.get("worst").getAsDouble());
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
