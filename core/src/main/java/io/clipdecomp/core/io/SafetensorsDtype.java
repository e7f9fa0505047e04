package io.clipdecomp.core.io;

import java.util.Optional;

/** Element types of the safetensors format, named as in the file, with their sizes. */
enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int size;

    SafetensorsDtype(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** True for the types {@link TensorStore#readFloats} converts. */
    boolean readsAsFloat() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** True for the types {@link TensorStore#readLongs} converts. */
    boolean readsAsLong() {
        return this == BOOL || this == U8 || this == I8 || this == I16 || this == U16 || this == I32 || this == U32
                || this == I64;
    }

    /** The type with this name in a safetensors header. */
    static Optional<SafetensorsDtype> fromName(String name) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }
}
