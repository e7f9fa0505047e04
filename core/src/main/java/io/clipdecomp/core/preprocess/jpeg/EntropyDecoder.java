package io.clipdecomp.core.preprocess.jpeg;

import io.clipdecomp.core.preprocess.ImageDecodeException;
import java.util.Arrays;

/**
 * Decodes the coefficients of one scan's blocks, block by block in the scan's order (Huffman or arithmetic coding).
 * Blocks are 64 coefficients in natural order at an offset of a {@code short[]}, not dequantised.
 */
abstract class EntropyDecoder {
    /** Zigzag position to natural position, with libjpeg's 16 extra entries that keep a corrupt run in the block. */
    static final int[] NATURAL_ORDER = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63
    };

    /** Multipliers that leave coefficients as coded. */
    static final int[] UNQUANTIZED = ones();

    final JpegStream in;
    Scan scan;
    /** Per scan component, what a sequential scan's coefficients are multiplied by as they are decoded. */
    final int[][] multipliers = new int[4][];

    EntropyDecoder(JpegStream in) {
        this.in = in;
    }

    /**
     * Starts decoding {@code scan}, whose header has been read; the stream is at its first data byte. With
     * {@code dequantize}, a sequential scan's coefficients come out times their quantiser, kept to 16 bits as the
     * inverse DCT keeps them.
     */
    void start(Scan scan, boolean progressive, boolean dequantize) throws ImageDecodeException {
        this.scan = scan;
        for (int ci = 0; ci < scan.components.length; ci++) {
            multipliers[ci] = dequantize ? scan.components[ci].quant : UNQUANTIZED;
        }
        start(progressive);
    }

    abstract void start(boolean progressive) throws ImageDecodeException;

    private static int[] ones() {
        int[] ones = new int[64];
        Arrays.fill(ones, 1);
        return ones;
    }

    /**
     * Decodes block {@code at} of scan component {@code ci} (a sequential scan's block, or a progressive band).
     *
     * @return for a sequential scan, whether the block has a nonzero AC coefficient; true otherwise
     */
    abstract boolean decode(int ci, short[] coef, int at) throws ImageDecodeException;

    /** Reads restart marker number {@code n} (0..7) and resets the decoder, as at a new scan. */
    abstract void restart(int n) throws ImageDecodeException;

    /** Ends the scan: refuses data that ran out before its last block; the stream is before the next marker. */
    abstract void finish() throws ImageDecodeException;

    /** Reads the marker that must follow a restart interval. */
    void readRestartMarker(int n) throws ImageDecodeException {
        int marker = in.nextMarker();
        if (marker != JpegStream.RST0 + n) {
            throw new ImageDecodeException("corrupt JPEG: expected restart marker RST" + n + ", found marker 0x"
                    + Integer.toHexString(marker) + " (the entropy-coded data is damaged)");
        }
    }

    static ImageDecodeException corrupt(String what) {
        return new ImageDecodeException("corrupt JPEG data: " + what);
    }
}
