package io.clipdecomp.core.io;

import java.util.Optional;

/** The element types of .npy files we read (all little-endian); the writer uses FLOAT32 and INT64. */
public enum NpyDtype {
    /** {@code <f4}. */
    FLOAT32("<f4", 4, true),
    /** {@code <f8}, narrowed to float on read. */
    FLOAT64("<f8", 8, true),
    /** {@code <i4}, widened to long on read. */
    INT32("<i4", 4, false),
    /** {@code <i8}. */
    INT64("<i8", 8, false);

    private final String descr;
    private final int itemSize;
    private final boolean floating;

    NpyDtype(String descr, int itemSize, boolean floating) {
        this.descr = descr;
        this.itemSize = itemSize;
        this.floating = floating;
    }

    /** The dtype string as numpy writes it in the header, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** True for floating-point types (read as float[]), false for integers (read as long[]). */
    public boolean isFloating() {
        return floating;
    }

    /** The dtype with this header string, if we support it. */
    public static Optional<NpyDtype> fromDescr(String descr) {
        for (NpyDtype dtype : values()) {
            if (dtype.descr.equals(descr)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }
}
