package io.clipdecomp.core.describe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.textspan.TextSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading textspan's JSON result against its text set. */
class TextSpanHeadsTest {
    private static final TextSet SET = new TextSet("s", List.of("a red circle", "grass", "a lake"),
            new float[][] {{1, 0}, {0, 1}, {1, 1}});

    @TempDir
    Path dir;

    private Path json(String text) throws IOException {
        return Files.writeString(dir.resolve("t.json"), text);
    }

    @Test
    void headsComeInFileOrderWithTheirPicks() throws IOException {
        Path file = json("{\"heads\": [{\"layer\": 3, \"head\": 1, \"indices\": [2, 0], \"texts\": [\"a lake\", "
                + "\"a red circle\"], \"variance\": [0.5, 0.1]}, {\"layer\": 2, \"head\": 0, \"indices\": [1], "
                + "\"texts\": [\"grass\"]}], \"accuracy\": 90.0}");
        List<HeadTexts> heads = TextSpanHeads.read(file, SET);
        assertEquals(2, heads.size());
        assertEquals(3, heads.get(0).layer());
        assertEquals(1, heads.get(0).head());
        assertArrayEquals(new int[] {2, 0}, heads.get(0).indices());
        assertArrayEquals(new int[] {1}, heads.get(1).indices());
    }

    @Test
    void aFileOfAnotherTextSetIsRefusedNamingTheHead() throws IOException {
        Path other = json("{\"heads\": [{\"layer\": 3, \"head\": 1, \"indices\": [1], \"texts\": [\"sand\"]}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextSpanHeads.read(other, SET));
        assertTrue(e.getMessage().contains("layer 3 head 1") && e.getMessage().contains("grass"), e.getMessage());
        Path outside = json("{\"heads\": [{\"layer\": 0, \"head\": 0, \"indices\": [3], \"texts\": [\"x\"]}]}");
        e = assertThrows(IllegalArgumentException.class, () -> TextSpanHeads.read(outside, SET));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        Path noHeads = json("{\"accuracy\": 1}");
        assertThrows(IllegalArgumentException.class, () -> TextSpanHeads.read(noHeads, SET));
        Path fraction = json("{\"heads\": [{\"layer\": 0.5, \"head\": 0, \"indices\": [], \"texts\": []}]}");
        assertThrows(IllegalArgumentException.class, () -> TextSpanHeads.read(fraction, SET));
    }
}
