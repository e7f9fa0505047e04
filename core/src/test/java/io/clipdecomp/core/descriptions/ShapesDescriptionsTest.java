package io.clipdecomp.core.descriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.clipdecomp.core.shapes.Background;
import io.clipdecomp.core.shapes.BackgroundFamily;
import io.clipdecomp.core.shapes.CaptionWriter;
import io.clipdecomp.core.shapes.ObjectSize;
import io.clipdecomp.core.shapes.Position;
import io.clipdecomp.core.shapes.Shape;
import io.clipdecomp.core.shapes.ShapeColour;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shapes world's set: the bundled model's tokenizer knows every word, and every attribute is covered. */
class ShapesDescriptionsTest {
    private static final DescriptionWorld WORLD = DescriptionWorld.SHAPES;
    private static final String BUNDLED_TOKENIZER = "models/shapes-tiny/tokenizer.json";

    /** The attribute types a line can name, as the test reads them. */
    private enum Kind {
        SHAPE, COLOUR, SIZE, POSITION, BACKGROUND
    }

    private static List<String> all;
    private static List<String> defaults;

    @BeforeAll
    static void generate() {
        all = WORLD.texts(WORLD.capacity(), 0);
        defaults = WORLD.texts(WORLD.defaultCount(), 0);
    }

    /** The bundled model's tokenizer, found above the working directory (the module folder under Maven). */
    private static Path bundledTokenizer() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(BUNDLED_TOKENIZER);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new AssertionError(BUNDLED_TOKENIZER + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Our reading of a line: each attribute phrase found, by kind; phrases as the world's enums spell them. */
    private static Map<Kind, Set<String>> read(String line) {
        Map<String, Kind> phrases = new LinkedHashMap<>();
        for (Shape s : Shape.values()) {
            phrases.put(s.word(), Kind.SHAPE);
            phrases.put(s.plural(), Kind.SHAPE);
        }
        for (ShapeColour c : ShapeColour.values()) {
            phrases.put(c.word(), Kind.COLOUR);
        }
        for (ObjectSize z : ObjectSize.values()) {
            phrases.put(z.word(), Kind.SIZE);
        }
        for (Position p : Position.values()) {
            phrases.put(p.phrase(), Kind.POSITION);
        }
        for (Background b : Background.values()) {
            phrases.put(b.phrase(), Kind.BACKGROUND);
        }
        for (BackgroundFamily f : BackgroundFamily.values()) {
            if (f.word() != null) {
                phrases.put(f.word(), Kind.BACKGROUND);
            }
        }
        String padded = " " + line.replace(",", " ") + " ";
        Map<Kind, Set<String>> found = new EnumMap<>(Kind.class);
        phrases.forEach((phrase, kind) -> {
            if (padded.contains(" " + phrase + " ")) {
                found.computeIfAbsent(kind, k -> new HashSet<>()).add(phrase);
            }
        });
        return found;
    }

    @Test
    void theDefaultIsEveryDescriptionUpToTheCap() {
        assertTrue(WORLD.capacity() > DescriptionWorld.SHAPES_DEFAULT_CAP, "capacity " + WORLD.capacity());
        assertEquals(DescriptionWorld.SHAPES_DEFAULT_CAP, defaults.size());
        assertEquals(defaults.size(), new HashSet<>(defaults).size());
        assertEquals(all.size(), new HashSet<>(all).size());
        assertEquals(defaults, WORLD.texts(WORLD.defaultCount(), 0));
        assertEquals(25, WORLD.texts(25, 9).size());
    }

    @Test
    void theBundledTokenizerKnowsEveryWordOfEveryLine() throws IOException {
        SortedSet<String> trained = CaptionWriter.words();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(bundledTokenizer(),
                Map.of("addSpecialTokens", "true"))) {
            for (String line : all) {
                String[] tokens = tokenizer.encode(line).getTokens();
                List<String> expected = new ArrayList<>();
                expected.add(ShapesTokenizerJson.START_OF_TEXT);
                for (String word : line.split(" ")) {
                    if (word.endsWith(",")) {
                        expected.add(word.substring(0, word.length() - 1));
                        expected.add(",");
                    } else {
                        expected.add(word);
                    }
                }
                expected.add(ShapesTokenizerJson.END_OF_TEXT);
                assertEquals(expected, List.of(tokens), "tokens of '" + line + "'");
                for (String token : expected.subList(1, expected.size() - 1)) {
                    assertTrue(trained.contains(token), "'" + token + "' of '" + line + "' is in no caption");
                }
            }
        }
    }

    @Test
    void linesAreShortLowerCaseAscii() {
        for (String line : all) {
            assertEquals(line.toLowerCase(Locale.ROOT), line);
            assertTrue(line.split(" ").length <= 10, "over ten words: " + line);
            assertTrue(line.matches("[a-z ,]+"), "unexpected character: " + line);
        }
    }

    @Test
    void everyValueIsDescribedAloneAndEveryTwoKindsTogether() {
        Map<Kind, Set<String>> alone = new EnumMap<>(Kind.class);
        Set<Set<Kind>> together = new HashSet<>();
        for (String line : defaults) {
            Map<Kind, Set<String>> found = read(line);
            if (found.size() == 1) {
                Map.Entry<Kind, Set<String>> only = found.entrySet().iterator().next();
                alone.computeIfAbsent(only.getKey(), k -> new HashSet<>()).addAll(only.getValue());
            }
            if (found.size() == 2) {
                together.add(found.keySet());
            }
        }
        for (Shape s : Shape.values()) {
            assertTrue(alone.get(Kind.SHAPE).contains(s.word()), s.word());
        }
        for (ShapeColour c : ShapeColour.values()) {
            assertTrue(alone.get(Kind.COLOUR).contains(c.word()), c.word());
        }
        for (ObjectSize z : ObjectSize.values()) {
            assertTrue(alone.get(Kind.SIZE).contains(z.word()), z.word());
        }
        for (Position p : Position.values()) {
            assertTrue(alone.get(Kind.POSITION).contains(p.phrase()), p.phrase());
        }
        for (Background b : Background.values()) {
            assertTrue(alone.get(Kind.BACKGROUND).contains(b.phrase()), b.phrase());
        }
        assertTrue(alone.get(Kind.BACKGROUND).containsAll(List.of("water", "land")));
        for (Kind a : Kind.values()) {
            for (Kind b : Kind.values()) {
                if (a != b) {
                    assertTrue(together.contains(EnumSet.of(a, b)), a + " with " + b);
                }
            }
        }
        for (String expected : List.of("a red circle", "a triangle on water", "two blue squares",
                "a small shape at the top", "a photo of sand", "a star and a ring")) {
            assertTrue(all.contains(expected), expected);
        }
    }

    @Test
    void noColourIsPutOnABackgroundItIsNeverDrawnOn() {
        for (String line : all) {
            Map<Kind, Set<String>> found = read(line);
            for (String colour : found.getOrDefault(Kind.COLOUR, Set.of())) {
                ShapeColour c = ShapeColour.valueOf(colour.toUpperCase(Locale.ROOT));
                for (String ground : found.getOrDefault(Kind.BACKGROUND, Set.of())) {
                    boolean drawn = false;
                    for (Background b : Background.values()) {
                        boolean named = b.phrase().equals(ground) || ground.equals(b.family().word());
                        drawn |= named && b.allows(c);
                    }
                    assertTrue(drawn, "'" + line + "': " + colour + " is never drawn on " + ground);
                }
            }
        }
        assertFalse(all.contains("a blue circle on water"));
    }
}
