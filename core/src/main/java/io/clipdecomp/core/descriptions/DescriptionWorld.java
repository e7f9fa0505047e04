package io.clipdecomp.core.descriptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The worlds our description sets are made for: {@link #GENERAL} images of anything, and {@link #SHAPES}, the
 * synthetic shapes world of the bundled model.
 */
public enum DescriptionWorld {
    /** Things, scenes, places, weather, light, colours, textures, materials, counts, styles, photos and moods. */
    GENERAL(GeneralDescriptions::pool),
    /** Shape, colour, size, position and background of the shapes world, in its captions' words. */
    SHAPES(ShapesDescriptions::pool);

    /** The general world's default size, about that of the paper's own set (3,498). */
    public static final int GENERAL_DEFAULT_COUNT = 3500;
    /** The shapes world's default: all of its descriptions, but no more than this. */
    public static final int SHAPES_DEFAULT_CAP = 2000;
    /**
     * The share of a set one head may take in the general world (0.3%: 11 of 3,500 lines), raised only where
     * the vocabulary cannot otherwise make the count asked for.
     */
    static final double MAX_HEAD_SHARE = 0.003;

    private final Supplier<CandidatePool> source;
    private CandidatePool pool;

    DescriptionWorld(Supplier<CandidatePool> source) {
        this.source = source;
    }

    /** The world named {@code general} or {@code shapes}, in any case. */
    public static DescriptionWorld fromName(String name) {
        for (DescriptionWorld world : values()) {
            if (world.id().equalsIgnoreCase(name)) {
                return world;
            }
        }
        throw new IllegalArgumentException("unknown description world '" + name + "'; choose general or shapes");
    }

    /** The world's name in lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How many distinct descriptions the world's vocabulary can make: the largest count it accepts. */
    public int capacity() {
        return pool().distinctCount();
    }

    /** The count used when none is given. */
    public int defaultCount() {
        return this == GENERAL ? GENERAL_DEFAULT_COUNT : Math.min(capacity(), SHAPES_DEFAULT_CAP);
    }

    /**
     * {@code count} distinct descriptions, the same for the same seed, spread over the world's groups.
     *
     * @throws IllegalArgumentException if {@code count} is not positive or above {@link #capacity()}
     */
    public List<Description> describe(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("description count must be positive, got " + count);
        }
        int capacity = capacity();
        if (count > capacity) {
            throw new IllegalArgumentException("the " + id() + " world's vocabulary makes only " + capacity
                    + " distinct descriptions; ask for at most " + capacity + ", not " + count);
        }
        int headCap = this == GENERAL ? Math.max(2, (int) Math.ceil(count * MAX_HEAD_SHARE)) : Integer.MAX_VALUE;
        return BalancedSelection.select(pool(), count, seed, headCap);
    }

    /** The texts of {@link #describe(int, long)}. */
    public List<String> texts(int count, long seed) {
        List<String> texts = new ArrayList<>(count);
        for (Description d : describe(count, seed)) {
            texts.add(d.text());
        }
        return texts;
    }

    /** Every description the world can make, built once. */
    synchronized CandidatePool pool() {
        if (pool == null) {
            pool = source.get();
        }
        return pool;
    }
}
