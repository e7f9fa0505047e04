package io.clipdecomp.core.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShapeTest {
    private static final int GRID = 400;

    @Test
    void handPickedPointsAreInsideOrOutside() {
        for (Shape shape : Shape.values()) {
            assertFalse(shape.contains(0.99, 0.99), shape + " must leave the box corner empty");
            assertFalse(shape.contains(1.01, 0), shape + " must stay inside the unit box");
        }
        assertTrue(Shape.CIRCLE.contains(0.7, 0.7));
        assertFalse(Shape.CIRCLE.contains(0.72, 0.72));
        assertTrue(Shape.SQUARE.contains(0.84, -0.84));
        assertFalse(Shape.SQUARE.contains(0.86, 0));
        assertTrue(Shape.RING.contains(0.75, 0));
        assertFalse(Shape.RING.contains(0, 0), "a ring has a hole");
        assertFalse(Shape.RING.contains(0.45, 0));
        assertTrue(Shape.DIAMOND.contains(0.5, 0.49));
        assertFalse(Shape.DIAMOND.contains(0.5, 0.51));
        assertTrue(Shape.CROSS.contains(0.95, 0.3));
        assertFalse(Shape.CROSS.contains(0.5, 0.5), "a cross is empty between its arms");
        // the triangle points up: wide at the bottom (positive dy), a point at the top
        assertTrue(Shape.TRIANGLE.contains(0.9, 0.7));
        assertFalse(Shape.TRIANGLE.contains(0.9, -0.7));
        assertTrue(Shape.TRIANGLE.contains(0, -0.95));
        // the star's points are at angles -90 + 72k degrees, its notches halfway between
        assertTrue(Shape.STAR.contains(0, -0.95));
        assertFalse(Shape.STAR.contains(0, 0.95), "the bottom of a star is a notch");
        assertTrue(Shape.STAR.contains(0, 0));
        // the heart has two lobes at the top, a notch between them and a point at the bottom
        assertTrue(Shape.HEART.contains(-0.5, -0.6));
        assertTrue(Shape.HEART.contains(0.5, -0.6));
        assertFalse(Shape.HEART.contains(0, -0.95));
        assertTrue(Shape.HEART.contains(0, 0.85));
        assertFalse(Shape.HEART.contains(0.5, 0.85));
    }

    @Test
    void areasMatchTheirGeometry() {
        // fraction of the 2 x 2 box each shape covers, worked out from its definition
        double starTriangle = 0.5 * 1.0 * 0.5 * Math.sin(Math.toRadians(36));
        Map<Shape, Double> expected = Map.of(
                Shape.CIRCLE, Math.PI / 4,
                Shape.SQUARE, 0.85 * 0.85,
                Shape.DIAMOND, 0.5,
                Shape.TRIANGLE, (2.0 * 1.8 / 2) / 4,
                Shape.CROSS, (2 * 0.66 * 2 - 0.66 * 0.66) / 4,
                Shape.RING, Math.PI * (1 - 0.25) / 4,
                Shape.STAR, 10 * starTriangle / 4);
        for (Shape shape : Shape.values()) {
            double area = coveredFraction(shape);
            if (shape == Shape.HEART) {
                assertTrue(area > 0.45 && area < 0.75, "heart covers " + area);
            } else {
                assertEquals(expected.get(shape), area, 0.01, shape + " area");
            }
        }
    }

    @Test
    void wordsAreDistinctLowerCaseAscii() {
        Set<String> words = new HashSet<>();
        for (Shape shape : Shape.values()) {
            assertTrue(shape.word().matches("[a-z]+"), shape.word());
            assertTrue(shape.plural().matches("[a-z]+"), shape.plural());
            assertTrue(words.add(shape.word()) && words.add(shape.plural()));
            assertEquals(shape, Shape.fromWord(shape.word()));
        }
        assertTrue(Shape.values().length >= 8);
    }

    private static double coveredFraction(Shape shape) {
        int inside = 0;
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double dx = -1 + 2 * (i + 0.5) / GRID;
                double dy = -1 + 2 * (j + 0.5) / GRID;
                if (shape.contains(dx, dy)) {
                    inside++;
                }
            }
        }
        return inside / (double) (GRID * GRID);
    }
}
