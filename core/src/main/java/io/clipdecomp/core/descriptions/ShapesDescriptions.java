package io.clipdecomp.core.descriptions;

import static io.clipdecomp.core.descriptions.English.withArticle;

import io.clipdecomp.core.shapes.Background;
import io.clipdecomp.core.shapes.BackgroundFamily;
import io.clipdecomp.core.shapes.CaptionWriter;
import io.clipdecomp.core.shapes.ObjectSize;
import io.clipdecomp.core.shapes.Position;
import io.clipdecomp.core.shapes.Shape;
import io.clipdecomp.core.shapes.ShapeColour;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Every description of the synthetic shapes world, in the words of its captions ({@link CaptionWriter}), so
 * that the bundled model's tokenizer knows each of them and its training has seen them.
 *
 * <p>Each attribute (shape, colour, size, position, background) is described on its own and with one or two
 * others, "a red circle", "a small shape", "a triangle on water", "a shape at the top, on sand"; then counts
 * ("two blue squares") and pairs ("a star and a ring"). Colours are never put on a background the world never
 * draws them on ({@link Background#allows(ShapeColour)}). Descriptions are lower case without a final period,
 * grouped by the attributes they name, e.g. {@code colour+shape}.
 */
final class ShapesDescriptions {
    /** An attribute of a scene object that a description may name. */
    private enum Attribute {
        SHAPE, COLOUR, SIZE, POSITION, BACKGROUND
    }

    /** A background as descriptions name it: one kind, or a whole family ("water"). */
    private record Ground(String phrase, Set<ShapeColour> colours) {
    }

    /** The words for an object whose shape goes unnamed, as in the captions. */
    private static final List<String> GENERIC_NOUNS = List.of("object", "shape");
    /** The most attributes one description names. */
    private static final int MAX_ATTRIBUTES = 3;

    private final CandidatePool pool = new CandidatePool();
    private final List<Ground> grounds = grounds();

    private ShapesDescriptions() {
    }

    /** The pool of all of them, grouped by the attributes they name. */
    static CandidatePool pool() {
        ShapesDescriptions d = new ShapesDescriptions();
        Attribute[] all = Attribute.values();
        for (int mask = 1; mask < 1 << all.length; mask++) {
            EnumSet<Attribute> kind = EnumSet.noneOf(Attribute.class);
            for (Attribute a : all) {
                if ((mask & 1 << a.ordinal()) != 0) {
                    kind.add(a);
                }
            }
            if (kind.size() <= MAX_ATTRIBUTES) {
                d.describe(kind);
            }
        }
        d.counts();
        d.pairs();
        return d.pool;
    }

    private static List<Ground> grounds() {
        List<Ground> grounds = new ArrayList<>();
        for (Background kind : Background.values()) {
            grounds.add(new Ground(kind.phrase(), allowed(EnumSet.of(kind))));
        }
        for (BackgroundFamily family : BackgroundFamily.values()) {
            if (family.word() != null) {
                grounds.add(new Ground(family.word(), allowed(Background.ofFamily(family))));
            }
        }
        return List.copyOf(grounds);
    }

    /** The colours drawn on at least one of the kinds. */
    private static Set<ShapeColour> allowed(Set<Background> kinds) {
        EnumSet<ShapeColour> colours = EnumSet.noneOf(ShapeColour.class);
        for (ShapeColour colour : ShapeColour.values()) {
            for (Background kind : kinds) {
                if (kind.allows(colour)) {
                    colours.add(colour);
                }
            }
        }
        return colours;
    }

    /** Every description naming exactly the attributes of {@code kind}. */
    private void describe(Set<Attribute> kind) {
        String group = groupName(kind);
        List<Shape> shapes = kind.contains(Attribute.SHAPE) ? List.of(Shape.values()) : nullList();
        List<ShapeColour> colours = kind.contains(Attribute.COLOUR) ? List.of(ShapeColour.values()) : nullList();
        List<ObjectSize> sizes = kind.contains(Attribute.SIZE) ? List.of(ObjectSize.values()) : nullList();
        List<Position> positions = kind.contains(Attribute.POSITION) ? List.of(Position.values()) : nullList();
        List<Ground> backgrounds = kind.contains(Attribute.BACKGROUND) ? grounds : nullList();
        if (kind.equals(EnumSet.of(Attribute.BACKGROUND))) {
            for (Ground ground : grounds) {
                for (String template : List.of("{bg}", "a photo of {bg}", "an image of {bg}", "a picture of {bg}")) {
                    add(group, template, template.replace("{bg}", ground.phrase()));
                }
            }
        }
        for (Shape shape : shapes) {
            for (ShapeColour colour : colours) {
                for (ObjectSize size : sizes) {
                    for (String np : nounPhrases(shape, colour, size)) {
                        for (Position position : positions) {
                            for (Ground ground : backgrounds) {
                                if (colour == null || ground == null || ground.colours().contains(colour)) {
                                    fill(group, np, position, ground);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The templates for a noun phrase with or without a position and a background. */
    private void fill(String group, String np, Position position, Ground ground) {
        List<String> templates;
        if (position == null && ground == null) {
            templates = List.of("{np}", "a photo of {np}", "an image of {np}", "there is {np}");
        } else if (ground == null) {
            templates = List.of("{np} {pos}", "a photo of {np} {pos}", "there is {np} {pos}");
        } else if (position == null) {
            templates = List.of("{np} on {bg}", "a photo of {np} on {bg}", "a picture of {np} on {bg}");
        } else {
            templates = List.of("{np} {pos}, on {bg}", "a photo of {np} {pos}, on {bg}");
        }
        for (String template : templates) {
            String text = template.replace("{np}", np)
                    .replace("{pos}", position == null ? "" : position.phrase())
                    .replace("{bg}", ground == null ? "" : ground.phrase());
            pool.add(group, template, text, text);
        }
    }

    /** "a small red circle", or with the shape unnamed "a red object" and "a red shape". */
    private static List<String> nounPhrases(Shape shape, ShapeColour colour, ObjectSize size) {
        List<String> nouns = shape == null ? GENERIC_NOUNS : List.of(shape.word());
        List<String> phrases = new ArrayList<>();
        for (String noun : nouns) {
            StringJoiner words = new StringJoiner(" ");
            if (size != null) {
                words.add(size.word());
            }
            if (colour != null) {
                words.add(colour.word());
            }
            phrases.add(withArticle(words.add(noun).toString()));
        }
        return phrases;
    }

    /** "two circles", "two red circles", "two small objects", "two circles on grass". */
    private void counts() {
        String group = "count";
        for (String plural : List.of("objects", "shapes")) {
            add(group, "two {plural}", "two " + plural);
            add(group, "a photo of two {plural}", "a photo of two " + plural);
        }
        for (Shape shape : Shape.values()) {
            add(group, "two {plural}", "two " + shape.plural());
            add(group, "a photo of two {plural}", "a photo of two " + shape.plural());
            for (ShapeColour colour : ShapeColour.values()) {
                add(group, "two {colour} {plural}", "two " + colour.word() + " " + shape.plural());
            }
            for (ObjectSize size : ObjectSize.values()) {
                add(group, "two {size} {plural}", "two " + size.word() + " " + shape.plural());
            }
            for (Ground ground : grounds) {
                add(group, "two {plural} on {bg}", "two " + shape.plural() + " on " + ground.phrase());
            }
        }
        for (ShapeColour colour : ShapeColour.values()) {
            add(group, "two {colour} objects", "two " + colour.word() + " objects");
        }
        for (ObjectSize size : ObjectSize.values()) {
            add(group, "two {size} objects", "two " + size.word() + " objects");
        }
        for (Ground ground : grounds) {
            add(group, "two objects on {bg}", "two objects on " + ground.phrase());
        }
    }

    /** "a star and a ring", "a red object and a blue object": each unordered pair once. */
    private void pairs() {
        String group = "pair";
        Shape[] shapes = Shape.values();
        for (int i = 0; i < shapes.length; i++) {
            for (int j = i + 1; j < shapes.length; j++) {
                add(group, "{shape} and {shape}", withArticle(shapes[i].word()) + " and "
                        + withArticle(shapes[j].word()));
            }
        }
        ShapeColour[] colours = ShapeColour.values();
        for (int i = 0; i < colours.length; i++) {
            for (int j = i + 1; j < colours.length; j++) {
                add(group, "{colour} object and {colour} object", withArticle(colours[i].word() + " object")
                        + " and " + withArticle(colours[j].word() + " object"));
            }
        }
    }

    private void add(String group, String template, String text) {
        pool.add(group, template, text, text);
    }

    private static String groupName(Set<Attribute> kind) {
        StringJoiner name = new StringJoiner("+");
        for (Attribute a : kind) {
            name.add(a.name().toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    /** A list holding only null: the loop over an attribute a kind does not name runs once, without it. */
    private static <T> List<T> nullList() {
        List<T> none = new ArrayList<>(1);
        none.add(null);
        return none;
    }
}
