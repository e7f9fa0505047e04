package io.clipdecomp.core.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CaptionWriterTest {
    /** Captions do not depend on the canvas; a small one makes thousands of scenes cheap. */
    private static final int SMALL_CANVAS = SceneGenerator.MIN_CANVAS;
    private static final Set<String> SHAPE_WORDS = Set.of("circle", "square", "triangle", "cross", "star",
            "ring", "diamond", "heart");
    private static final Set<String> COLOUR_WORDS = Set.of("red", "orange", "yellow", "green", "blue", "purple",
            "white", "black");
    /** "a small red circle on the left": article, optional size, optional colour, noun, optional position. */
    private static final Pattern NOUN_PHRASE = Pattern.compile("\\b(?:a|an) (?:(small|large) )?"
            + "(?:(red|orange|yellow|green|blue|purple|white|black) )?"
            + "(circle|square|triangle|cross|star|ring|diamond|heart|object|shape)\\b"
            + "(?: (on the left|on the right|at the top|at the bottom|in the center))?");

    @Test
    void promptsAreTheCanonicalOnePerClassForms() {
        assertEquals(List.of("a photo of a circle.", "a photo of a square.", "a photo of a triangle.",
                "a photo of a cross.", "a photo of a star.", "a photo of a ring.", "a photo of a diamond.",
                "a photo of a heart."), CaptionWriter.shapePrompts());
        assertEquals(List.of("a photo of a red object.", "a photo of an orange object.",
                "a photo of a yellow object.", "a photo of a green object.", "a photo of a blue object.",
                "a photo of a purple object.", "a photo of a white object.", "a photo of a black object."),
                CaptionWriter.colourPrompts());
        assertEquals(List.of("a photo of the ocean.", "a photo of a lake.", "a photo of grass.",
                "a photo of sand.", "a photo of a plain background.", "a photo of stripes.",
                "a photo of checks."), CaptionWriter.backgroundPrompts());
        assertEquals(List.of("a photo of land.", "a photo of water."), CaptionWriter.placePrompts());
    }

    @Test
    void captionsSayOnlyWhatIsTrue() {
        int namingBackground = 0;
        int total = 3000;
        for (long i = 0; i < total; i++) {
            Scene scene = SceneGenerator.render(5, i, SMALL_CANVAS, SceneSpec.any());
            String caption = scene.caption();
            List<SceneObject> objects = scene.objects();
            assertEquals(caption.toLowerCase(), caption);
            assertTrue(caption.endsWith("."), caption);
            Matcher phrase = NOUN_PHRASE.matcher(caption);
            while (phrase.find()) {
                assertTrue(objects.stream().anyMatch(o -> describes(phrase, o)),
                        "'" + phrase.group() + "' in '" + caption + "' fits no object of " + objects);
            }
            List<String> words = CaptionWriter.tokens(caption);
            for (String word : words) {
                if (SHAPE_WORDS.contains(word) || word.endsWith("s") && SHAPE_WORDS.contains(singular(word))) {
                    Shape shape = Shape.fromWord(SHAPE_WORDS.contains(word) ? word : singular(word));
                    assertTrue(objects.stream().anyMatch(o -> o.shape() == shape), caption);
                }
                if (COLOUR_WORDS.contains(word)) {
                    assertTrue(objects.stream().anyMatch(o -> o.colour().word().equals(word)), caption);
                }
            }
            if (words.contains("two")) {
                assertEquals(2, objects.size(), caption);
            }
            boolean named = false;
            for (Background kind : Background.values()) {
                String kindWord = kind.phrase().substring(kind.phrase().lastIndexOf(' ') + 1);
                if (words.contains(kindWord) && !kindWord.equals("background")) {
                    assertEquals(kind, scene.background(), caption);
                    named = true;
                }
            }
            if (caption.contains("plain background")) {
                assertEquals(Background.PLAIN, scene.background(), caption);
                named = true;
            }
            for (BackgroundFamily family : BackgroundFamily.values()) {
                if (family.word() != null && words.contains(family.word())) {
                    assertEquals(family, scene.background().family(), caption);
                    named = true;
                }
            }
            namingBackground += named ? 1 : 0;
        }
        double share = namingBackground / (double) total;
        assertTrue(share > 0.3 && share < 0.7, "background named in " + share + " of captions");
    }

    @Test
    void captionsVaryAndIncludeThePlainPromptForms() {
        Set<String> captions = new HashSet<>();
        Set<String> plain = new HashSet<>(CaptionWriter.shapePrompts());
        plain.addAll(CaptionWriter.colourPrompts());
        plain.addAll(CaptionWriter.backgroundPrompts());
        plain.addAll(CaptionWriter.placePrompts());
        plain.remove("a photo of a blue object.");
        Set<String> plainSeen = new HashSet<>();
        Set<String> wordsSeen = new HashSet<>();
        for (long i = 0; i < 20000; i++) {
            String caption = SceneGenerator.render(8, i, SMALL_CANVAS, SceneSpec.any()).caption();
            captions.add(caption);
            if (plain.contains(caption)) {
                plainSeen.add(caption);
            }
            wordsSeen.addAll(CaptionWriter.tokens(caption));
        }
        assertTrue(captions.size() > 5000, "only " + captions.size() + " distinct captions");
        plain.removeAll(plainSeen);
        assertEquals(Set.of(), plain, "plain prompt forms never written");
        for (Shape shape : Shape.values()) {
            assertTrue(wordsSeen.contains(shape.word()) && wordsSeen.contains(shape.plural()), shape.word());
        }
        for (String word : List.of("small", "large", "left", "right", "top", "bottom", "center", "water", "land",
                "ocean", "lake", "grass", "sand", "stripes", "checks", "two", "blue")) {
            assertTrue(wordsSeen.contains(word), word);
        }
        assertEquals(CaptionWriter.words(), new TreeSet<>(wordsSeen),
                "every word of the vocabulary list should occur in captions");
    }

    @Test
    void tokensSplitPunctuationAndLowerCase() {
        assertEquals(List.of("a", "photo", "of", "a", "red", "circle", "."),
                CaptionWriter.tokens("A photo of a RED circle."));
        assertEquals(List.of("two", "objects", ":", "a", "star", ",", "a", "ring", "."),
                CaptionWriter.tokens("two objects: a star, a ring."));
    }

    private static boolean describes(Matcher phrase, SceneObject object) {
        String size = phrase.group(1);
        String colour = phrase.group(2);
        String noun = phrase.group(3);
        String position = phrase.group(4);
        return (size == null || size.equals(object.size().word()))
                && (colour == null || colour.equals(object.colour().word()))
                && (noun.equals("object") || noun.equals("shape") || noun.equals(object.shape().word()))
                && (position == null || position.equals(object.position().phrase()));
    }

    private static String singular(String plural) {
        return plural.endsWith("es") && SHAPE_WORDS.contains(plural.substring(0, plural.length() - 2))
                ? plural.substring(0, plural.length() - 2) : plural.substring(0, plural.length() - 1);
    }
}
