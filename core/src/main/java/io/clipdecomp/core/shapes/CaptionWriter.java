package io.clipdecomp.core.shapes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes captions of scenes and the canonical zero-shot prompts of the world.
 *
 * <p>A caption mentions a random subset of the truth: each object's shape, colour and size are named or
 * not (at least one of shape and colour always is), positions and the background only sometimes, through
 * varied templates. Some captions are the plain prompt forms users type ({@code a photo of a circle.},
 * {@code a photo of a red object.}, {@code a photo of water.}), so the model learns those exact forms.
 * Everything a caption says is true of its scene. Captions are lower case with punctuation.
 */
public final class CaptionWriter {
    private static final double PLAIN_FORM = 0.2;
    private static final double NAME_BACKGROUND = 0.5;
    private static final double NAME_FAMILY = 0.5;
    private static final double NAME_POSITION = 0.35;
    private static final double NAME_SHAPE = 0.75;
    private static final double NAME_COLOUR = 0.6;
    private static final double NAME_SIZE = 0.35;
    private static final double SAY_SHAPE_NOT_OBJECT = 0.3;
    private static final double TWO_COUNT_ONLY = 0.15;
    private static final double TWO_ONE_NAMED = 0.15;

    private static final List<String> ONE = List.of(
            "a photo of {np}.", "a picture of {np}.", "an image of {np}.", "{np}.", "there is {np}.",
            "this is {np}.", "a photo showing {np}.");
    private static final List<String> ONE_POSITION = List.of(
            "a photo of {np} {pos}.", "{np} {pos}.", "there is {np} {pos}.", "{pos}, there is {np}.");
    private static final List<String> ONE_BACKGROUND = List.of(
            "a photo of {np} on {bg}.", "{np} on {bg}.", "a picture of {np} with {bg} in the background.",
            "{bg} with {np}.");
    private static final List<String> ONE_POSITION_BACKGROUND = List.of(
            "a photo of {np} {pos}, on {bg}.", "{np} {pos}, with {bg} behind it.");
    private static final List<String> TWO = List.of(
            "{np1} and {np2}.", "a photo of {np1} and {np2}.", "two objects: {np1} and {np2}.",
            "there are two objects, {np1} and {np2}.");
    private static final List<String> TWO_POSITION = List.of(
            "{np1} {pos1} and {np2} {pos2}.", "a photo of {np1} {pos1} and {np2} {pos2}.");
    private static final List<String> TWO_BACKGROUND = List.of(
            "{np1} and {np2} on {bg}.", "a photo of {np1} and {np2} on {bg}.");
    private static final List<String> TWO_POSITION_BACKGROUND = List.of(
            "{np1} {pos1} and {np2} {pos2}, on {bg}.");
    private static final List<String> TWO_COUNTED = List.of(
            "a photo of two objects.", "two shapes.");
    private static final List<String> TWO_COUNTED_BACKGROUND = List.of(
            "two objects on {bg}.", "a photo of two shapes on {bg}.");
    private static final List<String> TWO_SAME_SHAPE = List.of(
            "two {plural}.", "a photo of two {plural}.");
    private static final List<String> TWO_SAME_COLOUR = List.of(
            "two {colour} objects.");
    private static final List<String> TWO_ONE_OF = List.of(
            "{np1} and another object.", "a photo of {np1} and one more shape.");
    /** The nouns standing for an object whose shape goes unnamed. */
    private static final String OBJECT = "object";
    private static final String SHAPE = "shape";
    private static final String PLAIN_SHAPE = "a photo of a {shape}.";
    private static final String PLAIN_COLOUR = "a photo of {colour-np} object.";
    private static final String PLAIN_BACKGROUND = "a photo of {bg}.";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z0-9-]+\\}");
    /** Words and single punctuation marks, as the tokenizer's pre-tokenizer splits them. */
    private static final Pattern TOKEN = Pattern.compile("[\\p{Alnum}_]+|\\p{Punct}");

    private CaptionWriter() {
    }

    /**
     * A caption of the given truth.
     *
     * @param random the caption's own random source: the same state gives the same caption
     */
    public static String write(SplittableRandom random, Background background, List<SceneObject> objects) {
        if (objects.isEmpty() || objects.size() > SceneSpec.MAX_OBJECTS) {
            throw new IllegalArgumentException("captions describe 1 to " + SceneSpec.MAX_OBJECTS
                    + " objects, got " + objects.size());
        }
        if (random.nextDouble() < PLAIN_FORM) {
            return plainForm(random, background, objects);
        }
        String bg = random.nextDouble() < NAME_BACKGROUND ? backgroundPhrase(random, background) : null;
        boolean pos = random.nextDouble() < NAME_POSITION;
        if (objects.size() == 1) {
            List<String> templates = bg == null
                    ? (pos ? ONE_POSITION : ONE)
                    : (pos ? ONE_POSITION_BACKGROUND : ONE_BACKGROUND);
            SceneObject object = objects.get(0);
            return pick(templates, random)
                    .replace("{np}", nounPhrase(random, object))
                    .replace("{pos}", object.position().phrase())
                    .replace("{bg}", bg == null ? "" : bg);
        }
        boolean swap = random.nextBoolean();
        SceneObject first = objects.get(swap ? 1 : 0);
        SceneObject second = objects.get(swap ? 0 : 1);
        double mode = random.nextDouble();
        String template;
        if (mode < TWO_COUNT_ONLY) {
            template = countedTemplate(random, first, second, bg);
        } else if (mode < TWO_COUNT_ONLY + TWO_ONE_NAMED) {
            template = pick(TWO_ONE_OF, random);
        } else {
            template = pick(bg == null
                    ? (pos ? TWO_POSITION : TWO)
                    : (pos ? TWO_POSITION_BACKGROUND : TWO_BACKGROUND), random);
        }
        return template
                .replace("{np1}", nounPhrase(random, first))
                .replace("{np2}", nounPhrase(random, second))
                .replace("{pos1}", first.position().phrase())
                .replace("{pos2}", second.position().phrase())
                .replace("{plural}", first.shape().plural())
                .replace("{colour}", first.colour().word())
                .replace("{bg}", bg == null ? "" : bg);
    }

    /** "a photo of a circle.", one per {@link Shape}, in declaration order: the zero-shot shape classes. */
    public static List<String> shapePrompts() {
        List<String> prompts = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            prompts.add(PLAIN_SHAPE.replace("{shape}", shape.word()));
        }
        return Collections.unmodifiableList(prompts);
    }

    /** "a photo of a red object.", one per {@link ShapeColour}, in declaration order. */
    public static List<String> colourPrompts() {
        List<String> prompts = new ArrayList<>();
        for (ShapeColour colour : ShapeColour.values()) {
            prompts.add(PLAIN_COLOUR.replace("{colour-np}", withArticle(colour.word())));
        }
        return Collections.unmodifiableList(prompts);
    }

    /** "a photo of grass.", one per {@link Background} kind, in declaration order. */
    public static List<String> backgroundPrompts() {
        List<String> prompts = new ArrayList<>();
        for (Background kind : Background.values()) {
            prompts.add(PLAIN_BACKGROUND.replace("{bg}", kind.phrase()));
        }
        return Collections.unmodifiableList(prompts);
    }

    /** The Waterbirds places in {@code place} order: "a photo of land." (0), "a photo of water." (1). */
    public static List<String> placePrompts() {
        return List.of(PLAIN_BACKGROUND.replace("{bg}", BackgroundFamily.ofPlace(0).word()),
                PLAIN_BACKGROUND.replace("{bg}", BackgroundFamily.ofPlace(1).word()));
    }

    /**
     * Every token a caption or prompt can contain: lower-case words and single punctuation marks, split as
     * the world's tokenizer splits them.
     */
    public static SortedSet<String> words() {
        List<String> texts = new ArrayList<>();
        for (List<String> templates : List.of(ONE, ONE_POSITION, ONE_BACKGROUND, ONE_POSITION_BACKGROUND, TWO,
                TWO_POSITION, TWO_BACKGROUND, TWO_POSITION_BACKGROUND, TWO_COUNTED, TWO_COUNTED_BACKGROUND,
                TWO_SAME_SHAPE, TWO_SAME_COLOUR, TWO_ONE_OF)) {
            texts.addAll(templates);
        }
        texts.addAll(List.of(PLAIN_SHAPE, PLAIN_COLOUR, PLAIN_BACKGROUND, "a", "an", OBJECT, SHAPE));
        for (Shape shape : Shape.values()) {
            texts.add(shape.word() + " " + shape.plural());
        }
        for (ShapeColour colour : ShapeColour.values()) {
            texts.add(colour.word());
        }
        for (ObjectSize size : ObjectSize.values()) {
            texts.add(size.word());
        }
        for (Position position : Position.values()) {
            texts.add(position.phrase());
        }
        for (Background kind : Background.values()) {
            texts.add(kind.phrase());
        }
        for (BackgroundFamily family : BackgroundFamily.values()) {
            if (family.word() != null) {
                texts.add(family.word());
            }
        }
        SortedSet<String> words = new TreeSet<>();
        for (String text : texts) {
            words.addAll(tokens(text));
        }
        return Collections.unmodifiableSortedSet(words);
    }

    /** Splits text as the world's tokenizer does: lower case, words and single punctuation marks. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(PLACEHOLDER.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" "));
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    private static String plainForm(SplittableRandom random, Background background, List<SceneObject> objects) {
        SceneObject object = objects.get(random.nextInt(objects.size()));
        switch (random.nextInt(3)) {
            case 0:
                return PLAIN_SHAPE.replace("{shape}", object.shape().word());
            case 1:
                return PLAIN_COLOUR.replace("{colour-np}", withArticle(object.colour().word()));
            default:
                return PLAIN_BACKGROUND.replace("{bg}", backgroundPhrase(random, background));
        }
    }

    /** The family word ("water", "land") half the time where there is one, else the kind's own phrase. */
    private static String backgroundPhrase(SplittableRandom random, Background background) {
        String family = background.family().word();
        return family != null && random.nextDouble() < NAME_FAMILY ? family : background.phrase();
    }

    private static String countedTemplate(SplittableRandom random, SceneObject first, SceneObject second,
                                          String bg) {
        // scenes sharing a shape or colour are rare, so their templates take half the count-only captions
        if (first.shape() == second.shape() && random.nextBoolean()) {
            return pick(TWO_SAME_SHAPE, random);
        }
        if (first.colour() == second.colour() && random.nextBoolean()) {
            return pick(TWO_SAME_COLOUR, random);
        }
        return pick(bg == null ? TWO_COUNTED : TWO_COUNTED_BACKGROUND, random);
    }

    /** "a small red circle", "an object", "a large shape": a random subset of the object's attributes. */
    private static String nounPhrase(SplittableRandom random, SceneObject object) {
        boolean shape = random.nextDouble() < NAME_SHAPE;
        boolean colour = random.nextDouble() < NAME_COLOUR;
        if (!shape && !colour) {
            if (random.nextBoolean()) {
                shape = true;
            } else {
                colour = true;
            }
        }
        StringBuilder phrase = new StringBuilder();
        if (random.nextDouble() < NAME_SIZE) {
            phrase.append(object.size().word()).append(' ');
        }
        if (colour) {
            phrase.append(object.colour().word()).append(' ');
        }
        if (shape) {
            phrase.append(object.shape().word());
        } else {
            phrase.append(random.nextDouble() < SAY_SHAPE_NOT_OBJECT ? SHAPE : OBJECT);
        }
        return withArticle(phrase.toString());
    }

    private static String withArticle(String phrase) {
        return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }
}
