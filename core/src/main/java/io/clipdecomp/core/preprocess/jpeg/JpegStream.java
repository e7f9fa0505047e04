package io.clipdecomp.core.preprocess.jpeg;

import io.clipdecomp.core.preprocess.ImageDecodeException;

/**
 * The bytes of a JPEG as its decoders read them: marker segments, and entropy-coded data in which 0xFF is followed
 * by a stuffed 0x00 or ends the data with a marker. An entropy decoder that meets a marker consumes it and leaves
 * it in {@link #pendingMarker} for the segment parser, as libjpeg's {@code unread_marker}.
 */
final class JpegStream {
    static final int SOI = 0xD8;
    static final int EOI = 0xD9;
    static final int SOS = 0xDA;
    static final int RST0 = 0xD0;

    final byte[] data;
    int pos;
    /** A marker an entropy decoder has read past, or 0. */
    int pendingMarker;

    JpegStream(byte[] data) {
        this.data = data;
    }

    int u8() throws ImageDecodeException {
        if (pos >= data.length) {
            throw truncated();
        }
        return data[pos++] & 0xFF;
    }

    int u16() throws ImageDecodeException {
        return u8() << 8 | u8();
    }

    /**
     * The next marker: the pending one, else the next 0xFF xx with xx not 0 (fill bytes 0xFF skipped, and any
     * other bytes before it skipped as libjpeg's {@code next_marker} skips them).
     */
    int nextMarker() throws ImageDecodeException {
        if (pendingMarker != 0) {
            int m = pendingMarker;
            pendingMarker = 0;
            return m;
        }
        while (true) {
            int c = u8();
            while (c != 0xFF) {
                c = u8();
            }
            do {
                c = u8();
            } while (c == 0xFF);
            if (c != 0) {
                return c;
            }
        }
    }

    /** Pillow refuses a JPEG whose data stops before its end-of-image marker. */
    static ImageDecodeException truncated() {
        return new ImageDecodeException("truncated JPEG: the data ends before the end-of-image marker");
    }
}
