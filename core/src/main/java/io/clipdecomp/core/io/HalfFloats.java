package io.clipdecomp.core.io;

/** Widening of 16-bit floats (IEEE binary16 and bfloat16) to float, done in Java since DJL crashes on BF16. */
final class HalfFloats {
    private HalfFloats() {
    }

    /** An IEEE 754 binary16 value (sign, 5-bit exponent, 10-bit fraction) as float; exact. */
    static float fromFloat16(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int fraction = bits & 0x3FF;
        if (exponent == 0) {
            // Zero or subnormal: fraction * 2^-24, exact in float.
            float magnitude = fraction * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (fraction << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (fraction << 13));
    }

    /** A bfloat16 value: the upper half of a float32. */
    static float fromBFloat16(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
