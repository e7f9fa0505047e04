package io.clipdecomp.core.descriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The general world's set: size, distinctness, determinism, spread, and the form of every line. */
class GeneralDescriptionsTest {
    private static final DescriptionWorld WORLD = DescriptionWorld.GENERAL;
    private static final Pattern A_BEFORE_VOWEL = Pattern.compile("(^|\\s)a [aeiou]", Pattern.CASE_INSENSITIVE);
    private static final Pattern AN_BEFORE_CONSONANT = Pattern.compile("(^|\\s)an [^aeiou]",
            Pattern.CASE_INSENSITIVE);

    private static List<Description> defaults;

    @BeforeAll
    static void generate() {
        defaults = WORLD.describe(WORLD.defaultCount(), 0);
    }

    /** Our own normal form for "the same description": lower case, single spaces, no outer spaces. */
    private static String normal(String text) {
        return String.join(" ", text.trim().split("\\s+")).toLowerCase(Locale.ROOT);
    }

    private static List<String> texts(List<Description> descriptions) {
        List<String> texts = new ArrayList<>();
        for (Description d : descriptions) {
            texts.add(d.text());
        }
        return texts;
    }

    private static void assertDistinct(List<String> texts) {
        Set<String> seen = new HashSet<>();
        for (String t : texts) {
            assertTrue(seen.add(normal(t)), "repeated: " + t);
        }
    }

    /** The text in lower case, punctuation other than ' and - as spaces, padded: words are found as " w ". */
    private static String padded(String text) {
        return " " + text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' -]", " ") + " ";
    }

    private static boolean mentionsAny(String text, Collection<String> words) {
        return paddedMentionsAny(padded(text), words);
    }

    private static boolean paddedMentionsAny(String lower, Collection<String> words) {
        for (String w : words) {
            if (lower.contains(" " + w.toLowerCase(Locale.ROOT) + " ")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> singulars(List<Noun> nouns) {
        List<String> words = new ArrayList<>();
        for (Noun n : nouns) {
            words.add(n.singular());
        }
        return words;
    }

    @Test
    void theDefaultIsAtLeast3000DistinctLines() {
        assertEquals(3500, defaults.size());
        assertTrue(defaults.size() >= 3000);
        assertDistinct(texts(defaults));
    }

    @Test
    void countGivesExactlyThatMany() {
        for (int n : new int[] {1, 17, 600, 9000}) {
            List<String> texts = WORLD.texts(n, 4);
            assertEquals(n, texts.size(), "count " + n);
            assertDistinct(texts);
        }
    }

    @Test
    void countsBeyondTheVocabularyFailClearly() {
        int capacity = WORLD.capacity();
        assertTrue(capacity > 3500, "capacity " + capacity);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> WORLD.describe(capacity + 1, 0));
        assertTrue(tooMany.getMessage().contains("at most " + capacity), tooMany.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> WORLD.describe(0, 0));
        assertTrue(zero.getMessage().contains("positive"), zero.getMessage());
    }

    @Test
    void theSeedDecidesTheSet() {
        assertEquals(texts(defaults), WORLD.texts(WORLD.defaultCount(), 0));
        Set<String> other = new HashSet<>(WORLD.texts(WORLD.defaultCount(), 1));
        Set<String> first = new HashSet<>(texts(defaults));
        assertNotEquals(first, other);
        other.retainAll(first);
        assertTrue(other.size() < first.size() / 2, "two seeds share " + other.size() + " lines");
    }

    @Test
    void everyCategoryHasItsShareAndItsWords() {
        Map<Category, List<String>> markers = new EnumMap<>(Category.class);
        markers.put(Category.OBJECT, singulars(GeneralVocabulary.THINGS));
        List<String> scenes = singulars(GeneralVocabulary.INDOOR_SCENES);
        scenes.addAll(singulars(GeneralVocabulary.OUTDOOR_SCENES));
        markers.put(Category.SCENE, scenes);
        List<String> places = new ArrayList<>();
        GeneralVocabulary.PLACES.forEach(p -> places.add(p.head()));
        markers.put(Category.PLACE, places);
        List<String> weather = new ArrayList<>(GeneralVocabulary.WEATHER_ADJECTIVES);
        weather.addAll(singulars(GeneralVocabulary.PHENOMENA));
        weather.addAll(GeneralVocabulary.COVERINGS);
        weather.addAll(GeneralVocabulary.CONDITIONS);
        markers.put(Category.WEATHER, weather);
        List<String> light = singulars(GeneralVocabulary.LIGHTS);
        light.addAll(GeneralVocabulary.INDOOR_LIGHT_SOURCES);
        light.addAll(GeneralVocabulary.OUTDOOR_LIGHT_SOURCES);
        light.addAll(GeneralVocabulary.LIGHT_THROUGH);
        markers.put(Category.LIGHT, light);
        markers.put(Category.COLOUR, GeneralVocabulary.COLOURS);
        List<String> textures = new ArrayList<>();
        GeneralVocabulary.TEXTURES.forEach(t -> textures.add(t.word()));
        markers.put(Category.TEXTURE, textures);
        List<String> materials = new ArrayList<>(GeneralVocabulary.MATERIAL_PILES);
        GeneralVocabulary.MATERIALS.forEach(m -> materials.addAll(List.of(m.word(), m.adjective())));
        markers.put(Category.MATERIAL, materials);
        List<String> counts = new ArrayList<>(GeneralVocabulary.NUMBERS);
        GeneralVocabulary.COLLECTIVES.forEach(c -> counts.add(c.word()));
        counts.addAll(List.of("a single", "a lone"));
        markers.put(Category.COUNT, counts);
        List<String> styles = singulars(GeneralVocabulary.ART_FORMS);
        styles.addAll(GeneralVocabulary.STYLE_ADJECTIVES);
        markers.put(Category.STYLE, styles);
        List<String> photos = new ArrayList<>(GeneralVocabulary.PHOTO_ADJECTIVES);
        photos.addAll(singulars(GeneralVocabulary.OBJECT_SHOTS));
        photos.addAll(singulars(GeneralVocabulary.PLACE_SHOTS));
        photos.addAll(GeneralVocabulary.EFFECTS);
        photos.addAll(GeneralVocabulary.TAKEN);
        photos.add("portrait");
        markers.put(Category.PHOTO, photos);
        List<String> moods = new ArrayList<>(GeneralVocabulary.MOODS);
        moods.addAll(GeneralVocabulary.PERSON_MOODS);
        moods.addAll(GeneralVocabulary.FEELINGS);
        markers.put(Category.MOOD, moods);

        Map<String, Integer> perCategory = new HashMap<>();
        for (Description d : defaults) {
            perCategory.merge(d.group(), 1, Integer::sum);
            Category category = Category.valueOf(d.group().toUpperCase(Locale.ROOT));
            assertTrue(mentionsAny(d.text(), markers.get(category)),
                    "'" + d.text() + "' has no word of its category " + category);
        }
        for (Category category : Category.values()) {
            int n = perCategory.getOrDefault(category.id(), 0);
            assertTrue(n >= defaults.size() / 20, category + " has only " + n + " of " + defaults.size());
        }
    }

    @Test
    void noHeadNounNorOpeningDominates() {
        Map<String, Integer> perHead = new HashMap<>();
        for (Description d : defaults) {
            perHead.merge(d.head(), 1, Integer::sum);
        }
        int cap = (int) Math.ceil(defaults.size() * DescriptionWorld.MAX_HEAD_SHARE);
        perHead.forEach((head, n) -> assertTrue(n <= cap, head + " heads " + n + " lines"));
        // by the words themselves: no thing is named in more than 1.5% of the lines
        List<String> lines = defaults.stream().map(d -> padded(d.text())).toList();
        for (Noun thing : GeneralVocabulary.THINGS) {
            long n = lines.stream().filter(l -> paddedMentionsAny(l, List.of(thing.singular(), thing.plural())))
                    .count();
            assertTrue(n <= defaults.size() * 0.015, thing.singular() + " is in " + n + " lines");
        }
        Map<String, Integer> openings = new HashMap<>();
        for (Description d : defaults) {
            String[] words = normal(d.text()).split(" ");
            openings.merge(words.length > 1 ? words[0] + " " + words[1] : words[0], 1, Integer::sum);
        }
        assertTrue(openings.size() > 500, "only " + openings.size() + " different openings");
        openings.forEach((opening, n) -> assertTrue(n <= defaults.size() * 0.08,
                "'" + opening + "' opens " + n + " lines"));
    }

    @Test
    void everyPossibleLineIsShortPrintableAsciiAndGrammatical() {
        List<String> all = WORLD.texts(WORLD.capacity(), 0);
        assertDistinct(all);
        for (String t : all) {
            assertEquals(t.trim(), t, "outer spaces: '" + t + "'");
            assertFalse(t.contains("  "), "double space: '" + t + "'");
            assertTrue(t.split(" ").length <= 10, "over ten words: " + t);
            for (char c : t.toCharArray()) {
                assertTrue(c >= 0x20 && c <= 0x7E, "not printable ASCII: " + t);
            }
            assertFalse(Character.isLowerCase(t.charAt(0)), "starts in lower case: " + t);
            assertFalse(A_BEFORE_VOWEL.matcher(t).find(), "'a' before a vowel: " + t);
            assertFalse(AN_BEFORE_CONSONANT.matcher(t).find(), "'an' before a consonant: " + t);
        }
    }
}
