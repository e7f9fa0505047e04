package io.clipdecomp.connectors.files;

/** Element type of a row-addressed array file: little-endian float32 or int64, as numpy's {@code <f4} / {@code <i8}. */
public enum RowElementType {
    /** 32-bit IEEE 754 floats. */
    FLOAT32,
    /** 64-bit signed integers. */
    INT64
}
