package io.clipdecomp.core.io;

import java.io.IOException;
import java.nio.file.Path;

/** A whole .npy array in memory: its shape and its elements, flattened in C order. */
public final class NpyArray {
    private final NpyDtype dtype;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;

    private NpyArray(NpyDtype dtype, long[] shape, float[] floats, long[] longs) {
        this.dtype = dtype;
        this.shape = shape;
        this.floats = floats;
        this.longs = longs;
    }

    /** Loads {@code file} (fewer than 2^31 elements): floating types as floats, integer types as longs. */
    public static NpyArray read(Path file) throws IOException {
        try (NpyReader reader = NpyReader.open(file)) {
            return reader.dtype().isFloating()
                    ? new NpyArray(reader.dtype(), reader.shape(), reader.readFloats(), null)
                    : new NpyArray(reader.dtype(), reader.shape(), null, reader.readLongs());
        }
    }

    /** The element type the file stored. */
    public NpyDtype dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** The elements of a floating-point array (the array itself, not a copy). */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("array of " + dtype.descr() + " holds integers; use longs()");
        }
        return floats;
    }

    /** The elements of an integer array (the array itself, not a copy). */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("array of " + dtype.descr() + " holds floats; use floats()");
        }
        return longs;
    }
}
