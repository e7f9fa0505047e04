package io.clipdecomp.core.shapes;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Constraints on the scenes {@link SceneGenerator#render} draws: how many objects, and which shapes, colours
 * and background kinds may appear. Shape and colour constraints apply to every object of a scene.
 *
 * @param minObjects fewest objects, 1 or 2
 * @param maxObjects most objects, {@code minObjects} to 2
 * @param shapes shapes objects may have
 * @param colours colours objects may have
 * @param backgrounds background kinds the scene may have
 */
public record SceneSpec(int minObjects, int maxObjects, Set<Shape> shapes, Set<ShapeColour> colours,
                        Set<Background> backgrounds) {

    /** The most objects a scene can hold: two keep both visible and captions short. */
    public static final int MAX_OBJECTS = 2;

    public SceneSpec {
        if (minObjects < 1 || maxObjects < minObjects || maxObjects > MAX_OBJECTS) {
            throw new IllegalArgumentException("object count range must satisfy 1 <= min <= max <= "
                    + MAX_OBJECTS + ", got [" + minObjects + ", " + maxObjects + "]");
        }
        shapes = frozen(shapes, "shapes");
        colours = frozen(colours, "colours");
        backgrounds = frozen(backgrounds, "backgrounds");
        boolean drawable = false;
        for (Background kind : backgrounds) {
            for (ShapeColour colour : colours) {
                drawable |= kind.allows(colour);
            }
        }
        if (!drawable) {
            throw new IllegalArgumentException("no allowed colour " + colours + " may be drawn on any allowed"
                    + " background " + backgrounds + " (see Background.allows)");
        }
    }

    /** Any scene: one or two objects, every shape, colour and background. */
    public static SceneSpec any() {
        return new SceneSpec(1, MAX_OBJECTS, EnumSet.allOf(Shape.class), EnumSet.allOf(ShapeColour.class),
                EnumSet.allOf(Background.class));
    }

    /** This spec with exactly {@code count} objects. */
    public SceneSpec withObjectCount(int count) {
        return new SceneSpec(count, count, shapes, colours, backgrounds);
    }

    /** This spec with objects drawn only from the given shapes. */
    public SceneSpec withShapes(Set<Shape> allowed) {
        return new SceneSpec(minObjects, maxObjects, allowed, colours, backgrounds);
    }

    /** This spec with objects drawn only in the given colours. */
    public SceneSpec withColours(Set<ShapeColour> allowed) {
        return new SceneSpec(minObjects, maxObjects, shapes, allowed, backgrounds);
    }

    /** This spec with backgrounds drawn only from the given kinds. */
    public SceneSpec withBackgrounds(Set<Background> allowed) {
        return new SceneSpec(minObjects, maxObjects, shapes, colours, allowed);
    }

    /** This spec with backgrounds drawn only from one family. */
    public SceneSpec withFamily(BackgroundFamily family) {
        return withBackgrounds(Background.ofFamily(family));
    }

    private static <E extends Enum<E>> Set<E> frozen(Set<E> values, String what) {
        Objects.requireNonNull(values, what);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(values));
    }
}
