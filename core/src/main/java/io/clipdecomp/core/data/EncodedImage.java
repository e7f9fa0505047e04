package io.clipdecomp.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The bytes of an image file (JPEG, PNG, ...) as stored, not decoded.
 *
 * @param bytes the file's contents; not copied, callers must not modify them
 * @param sourceName where they came from (a file name), for format detection and error messages
 */
public record EncodedImage(byte[] bytes, String sourceName) implements ImagePayload {
    public EncodedImage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedImage that && sourceName.equals(that.sourceName)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * sourceName.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "EncodedImage[" + sourceName + ", " + bytes.length + " bytes]";
    }
}
