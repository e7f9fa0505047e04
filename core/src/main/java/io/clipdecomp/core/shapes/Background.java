package io.clipdecomp.core.shapes;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The background kinds of the world, each in a {@link BackgroundFamily}, painted by {@link BackgroundPainter}.
 *
 * <p>Object colours that would nearly vanish on a kind are never drawn on it: blue on either water, green on
 * grass, yellow on sand ({@link #allows(ShapeColour)}). Every other pair keeps the object's colour far from
 * the texture's colours. This makes those four colour/background pairs absent from the world, a small
 * correlation the analyses should know about.
 */
public enum Background {
    OCEAN(BackgroundFamily.WATER, "the ocean", EnumSet.of(ShapeColour.BLUE)),
    LAKE(BackgroundFamily.WATER, "a lake", EnumSet.of(ShapeColour.BLUE)),
    GRASS(BackgroundFamily.LAND, "grass", EnumSet.of(ShapeColour.GREEN)),
    SAND(BackgroundFamily.LAND, "sand", EnumSet.of(ShapeColour.YELLOW)),
    PLAIN(BackgroundFamily.OTHER, "a plain background", EnumSet.noneOf(ShapeColour.class)),
    STRIPES(BackgroundFamily.OTHER, "stripes", EnumSet.noneOf(ShapeColour.class)),
    CHECKS(BackgroundFamily.OTHER, "checks", EnumSet.noneOf(ShapeColour.class));

    private final BackgroundFamily family;
    private final String phrase;
    private final Set<ShapeColour> hiddenColours;

    Background(BackgroundFamily family, String phrase, Set<ShapeColour> hiddenColours) {
        this.family = family;
        this.phrase = phrase;
        this.hiddenColours = hiddenColours;
    }

    public BackgroundFamily family() {
        return family;
    }

    /** How captions name this kind, with its article where English needs one ("the ocean", "grass"). */
    public String phrase() {
        return phrase;
    }

    /** The kind's name in lower case, used in file names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether objects of this colour may be drawn on this background (false where they would blend in). */
    public boolean allows(ShapeColour colour) {
        return !hiddenColours.contains(colour);
    }

    /** All kinds of one family. */
    public static Set<Background> ofFamily(BackgroundFamily family) {
        EnumSet<Background> kinds = EnumSet.noneOf(Background.class);
        for (Background kind : values()) {
            if (kind.family == family) {
                kinds.add(kind);
            }
        }
        return kinds;
    }
}
