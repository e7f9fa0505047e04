package io.clipdecomp.core.shapes;

/**
 * The object colours of the world: well-separated hues plus white and black, each with a name.
 *
 * <p>An object is painted in one flat colour: its nominal colour with a small per-object shade jitter of at
 * most {@link #MAX_JITTER} per channel, small against the distances between colours, so a colour word is
 * never ambiguous.
 */
public enum ShapeColour {
    RED("red", 0xDC1E1E),
    ORANGE("orange", 0xFA8C14),
    YELLOW("yellow", 0xF5E11E),
    GREEN("green", 0x28B432),
    BLUE("blue", 0x1E46E6),
    PURPLE("purple", 0x8C32C8),
    WHITE("white", 0xF5F5F5),
    BLACK("black", 0x141414);

    /** Largest shade change per channel, in 8-bit levels. */
    public static final int MAX_JITTER = 12;

    private final String word;
    private final int rgb;

    ShapeColour(String word, int rgb) {
        this.word = word;
        this.rgb = rgb;
    }

    /** The colour's name: one lower-case word. */
    public String word() {
        return word;
    }

    /** The nominal colour as {@code 0xRRGGBB}. */
    public int rgb() {
        return rgb;
    }

    /** The nominal colour with each channel moved by the given amounts, clamped to 0..255. */
    public int jittered(int dr, int dg, int db) {
        if (Math.abs(dr) > MAX_JITTER || Math.abs(dg) > MAX_JITTER || Math.abs(db) > MAX_JITTER) {
            throw new IllegalArgumentException("colour jitter must be within +-" + MAX_JITTER
                    + ", got " + dr + "," + dg + "," + db);
        }
        int r = clamp(((rgb >> 16) & 0xFF) + dr);
        int g = clamp(((rgb >> 8) & 0xFF) + dg);
        int b = clamp((rgb & 0xFF) + db);
        return (r << 16) | (g << 8) | b;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
