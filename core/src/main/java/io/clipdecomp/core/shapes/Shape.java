package io.clipdecomp.core.shapes;

/**
 * The object shapes of the world, chosen to stay distinguishable after downscaling to about 32 pixels.
 *
 * <p>Each shape is defined in a unit frame: {@link #contains(double, double)} takes the offset from the
 * object's centre divided by its radius, with y pointing down as in images. Every shape lies inside the
 * square {@code |dx| <= 1, |dy| <= 1}, so an object of radius r never reaches further than r from its
 * centre along either axis. Shapes are never rotated: orientation tells a diamond from a square.
 */
public enum Shape {
    CIRCLE("circle", "circles"),
    SQUARE("square", "squares"),
    TRIANGLE("triangle", "triangles"),
    CROSS("cross", "crosses"),
    STAR("star", "stars"),
    RING("ring", "rings"),
    DIAMOND("diamond", "diamonds"),
    HEART("heart", "hearts");

    /** Half side of the square, below 1 so that its area stays close to the circle's. */
    private static final double SQUARE_HALF_SIDE = 0.85;
    /** Half width of the cross's arms. */
    private static final double CROSS_HALF_ARM = 0.33;
    /** Inner radius of the ring: thick enough to survive downscaling. */
    private static final double RING_INNER = 0.5;
    /** Radius of the star's inner vertices, relative to its points. */
    private static final double STAR_INNER = 0.5;
    /** Triangle: apex at dy = -1, base at dy = TRIANGLE_BASE spanning dx in [-1, 1]. */
    private static final double TRIANGLE_BASE = 0.8;
    /**
     * The heart is the curve (X^2 + Y^2 - 1)^3 - X^2 Y^3 = 0 (Y up), which spans X in about [-1.14, 1.14]
     * and Y in [-1, 1.24]; this scale and shift fit it into the unit square.
     */
    private static final double HEART_SCALE = 1.14;
    private static final double HEART_SHIFT = 0.12;
    private static final double[] STAR_X = new double[10];
    private static final double[] STAR_Y = new double[10];

    static {
        for (int k = 0; k < 10; k++) {
            double angle = -Math.PI / 2 + k * Math.PI / 5;
            double radius = k % 2 == 0 ? 1.0 : STAR_INNER;
            STAR_X[k] = radius * Math.cos(angle);
            STAR_Y[k] = radius * Math.sin(angle);
        }
    }

    private final String word;
    private final String plural;

    Shape(String word, String plural) {
        this.word = word;
        this.plural = plural;
    }

    /** The shape's name: one lower-case ASCII word, also its ImageFolder class name. */
    public String word() {
        return word;
    }

    /** The plural used in captions such as "two circles". */
    public String plural() {
        return plural;
    }

    /**
     * Whether a point is inside the shape.
     *
     * @param dx horizontal offset from the centre divided by the radius
     * @param dy vertical offset from the centre divided by the radius, positive downwards
     */
    public boolean contains(double dx, double dy) {
        switch (this) {
            case CIRCLE:
                return dx * dx + dy * dy <= 1.0;
            case SQUARE:
                return Math.abs(dx) <= SQUARE_HALF_SIDE && Math.abs(dy) <= SQUARE_HALF_SIDE;
            case TRIANGLE:
                return dy >= -1.0 && dy <= TRIANGLE_BASE
                        && Math.abs(dx) <= (dy + 1.0) / (TRIANGLE_BASE + 1.0);
            case CROSS:
                return (Math.abs(dx) <= CROSS_HALF_ARM && Math.abs(dy) <= 1.0)
                        || (Math.abs(dy) <= CROSS_HALF_ARM && Math.abs(dx) <= 1.0);
            case STAR:
                return insideStar(dx, dy);
            case RING: {
                double d2 = dx * dx + dy * dy;
                return d2 <= 1.0 && d2 >= RING_INNER * RING_INNER;
            }
            case DIAMOND:
                return Math.abs(dx) + Math.abs(dy) <= 1.0;
            case HEART: {
                double x = dx * HEART_SCALE;
                double y = -dy * HEART_SCALE + HEART_SHIFT;
                double a = x * x + y * y - 1.0;
                return a * a * a - x * x * y * y * y <= 0.0;
            }
            default:
                throw new IllegalStateException("no geometry for shape " + this);
        }
    }

    /** Even-odd crossing test against the ten-vertex star polygon. */
    private static boolean insideStar(double x, double y) {
        boolean inside = false;
        for (int i = 0, j = STAR_X.length - 1; i < STAR_X.length; j = i++) {
            if ((STAR_Y[i] > y) != (STAR_Y[j] > y)
                    && x < (STAR_X[j] - STAR_X[i]) * (y - STAR_Y[i]) / (STAR_Y[j] - STAR_Y[i]) + STAR_X[i]) {
                inside = !inside;
            }
        }
        return inside;
    }

    /** The shape whose {@link #word()} is the given word. */
    public static Shape fromWord(String word) {
        for (Shape shape : values()) {
            if (shape.word.equals(word)) {
                return shape;
            }
        }
        throw new IllegalArgumentException("unknown shape '" + word + "'");
    }
}
