package io.clipdecomp.core.shapes;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The two object classes of the Waterbirds layout, playing landbirds (y = 0) and waterbirds (y = 1): each
 * is a group of four shapes. In the training split, land objects mostly sit on land and water objects
 * mostly on water; the shapes themselves say nothing about the background.
 */
public enum ObjectGroup {
    /** "Land objects", y = 0: square, triangle, cross, heart. */
    LAND_OBJECTS(0, EnumSet.of(Shape.SQUARE, Shape.TRIANGLE, Shape.CROSS, Shape.HEART)),
    /** "Water objects", y = 1: circle, star, ring, diamond. */
    WATER_OBJECTS(1, EnumSet.of(Shape.CIRCLE, Shape.STAR, Shape.RING, Shape.DIAMOND));

    private final int y;
    private final Set<Shape> shapes;

    ObjectGroup(int y, Set<Shape> shapes) {
        this.y = y;
        this.shapes = Collections.unmodifiableSet(shapes);
    }

    /** The Waterbirds label {@code y}. */
    public int y() {
        return y;
    }

    public Set<Shape> shapes() {
        return shapes;
    }

    /** The background family an object of this group usually sits on in the training split. */
    public BackgroundFamily usualFamily() {
        return BackgroundFamily.ofPlace(y);
    }

    /** The group whose label is {@code y}. */
    public static ObjectGroup ofY(int y) {
        for (ObjectGroup group : values()) {
            if (group.y == y) {
                return group;
            }
        }
        throw new IllegalArgumentException("y must be 0 (land objects) or 1 (water objects), got " + y);
    }

    /** The group a shape belongs to. */
    public static ObjectGroup of(Shape shape) {
        for (ObjectGroup group : values()) {
            if (group.shapes.contains(shape)) {
                return group;
            }
        }
        throw new IllegalStateException("shape " + shape + " is in no group");
    }
}
