package io.clipdecomp.core.shapes;

import java.util.Objects;

/**
 * The truth about one object of a scene: what it is, how it is painted, and where.
 *
 * @param shape its shape
 * @param colour its colour name
 * @param rgb the exact colour painted, {@code 0xRRGGBB} (the named colour with its shade jitter)
 * @param size its size word
 * @param position its position word
 * @param centreX centre in pixels from the left edge (pixel x spans [x, x+1))
 * @param centreY centre in pixels from the top edge
 * @param radius half extent in pixels; the shape lies within {@code radius} of the centre on each axis
 */
public record SceneObject(Shape shape, ShapeColour colour, int rgb, ObjectSize size, Position position,
                          double centreX, double centreY, double radius) {

    public SceneObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(position, "position");
        if ((rgb & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("rgb must be 0xRRGGBB, got 0x" + Integer.toHexString(rgb));
        }
        if (!(radius > 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException("radius must be positive and finite, got " + radius);
        }
        if (!Double.isFinite(centreX) || !Double.isFinite(centreY)) {
            throw new IllegalArgumentException("centre must be finite, got " + centreX + "," + centreY);
        }
    }

    /** Whether the point (px, py), in pixel coordinates, is inside the object's outline. */
    public boolean covers(double px, double py) {
        return shape.contains((px - centreX) / radius, (py - centreY) / radius);
    }

    /** Whether pixel (x, y) is painted by this object when nothing covers it: its centre is inside. */
    public boolean coversPixel(int x, int y) {
        return covers(x + 0.5, y + 0.5);
    }
}
