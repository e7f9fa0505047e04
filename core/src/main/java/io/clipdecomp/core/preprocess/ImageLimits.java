package io.clipdecomp.core.preprocess;

import java.io.Serializable;

/**
 * How large one input image may be: its encoded bytes, its pixels, and the decode memory budget that the
 * concurrent decodes of one JVM share (see {@link DecodeBudget}). The option names are the command line's.
 *
 * @param maxBytes largest encoded image (file or record), in bytes
 * @param maxPixels largest width * height a header may claim
 * @param decodeBudgetBytes heap that concurrent decodes in one JVM may hold together, or {@link #HALF_THE_HEAP}
 */
public record ImageLimits(long maxBytes, long maxPixels, long decodeBudgetBytes) implements Serializable {
    /** The command-line option setting {@link #maxBytes}. */
    public static final String MAX_BYTES_OPTION = "--max-image-bytes";
    /** The command-line option setting {@link #maxPixels}. */
    public static final String MAX_PIXELS_OPTION = "--max-image-pixels";
    /** The command-line option setting {@link #decodeBudgetBytes}. */
    public static final String DECODE_BUDGET_OPTION = "--decode-budget-bytes";
    /** 64 MiB: far above any photograph, far below what would strain a task's heap. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** Pillow refuses images over twice {@code Image.MAX_IMAGE_PIXELS} (DecompressionBombError). */
    public static final long DEFAULT_MAX_PIXELS = 2L * 89_478_485L;
    /** {@link #decodeBudgetBytes} value meaning half the maximum heap of the JVM that decodes. */
    public static final long HALF_THE_HEAP = 0;
    /** Encoded bytes are held in one Java array, which stops just short of 2 GiB. */
    public static final long LARGEST_MAX_BYTES = Integer.MAX_VALUE - 8;
    /** Four samples per pixel must fit one Java array. */
    public static final long LARGEST_MAX_PIXELS = LARGEST_MAX_BYTES / 4;
    /** Below this a budget would refuse even small images. */
    public static final long SMALLEST_DECODE_BUDGET = 1L << 20;
    private static final long serialVersionUID = 1L;

    public ImageLimits {
        checkMaxBytes(maxBytes);
        if (maxPixels < 1 || maxPixels > LARGEST_MAX_PIXELS) {
            throw new IllegalArgumentException(MAX_PIXELS_OPTION + " must be between 1 and " + LARGEST_MAX_PIXELS
                    + ", got " + maxPixels);
        }
        if (decodeBudgetBytes != HALF_THE_HEAP
                && (decodeBudgetBytes < SMALLEST_DECODE_BUDGET || decodeBudgetBytes > DecodeBudget.LARGEST_CAPACITY)) {
            throw new IllegalArgumentException(DECODE_BUDGET_OPTION + " must be between " + SMALLEST_DECODE_BUDGET
                    + " and " + DecodeBudget.LARGEST_CAPACITY + ", got " + decodeBudgetBytes);
        }
    }

    /** {@code maxBytes} if it is a byte limit we can honour, else an IllegalArgumentException saying so. */
    public static long checkMaxBytes(long maxBytes) {
        if (maxBytes < 1 || maxBytes > LARGEST_MAX_BYTES) {
            throw new IllegalArgumentException(MAX_BYTES_OPTION + " must be between 1 and " + LARGEST_MAX_BYTES
                    + ", got " + maxBytes);
        }
        return maxBytes;
    }

    /** 64 MiB, Pillow's pixel limit, half the heap. */
    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, HALF_THE_HEAP);
    }

    /** The decode budget in bytes, {@link #HALF_THE_HEAP} resolved in the JVM that calls this. */
    public long budgetBytes() {
        if (decodeBudgetBytes != HALF_THE_HEAP) {
            return decodeBudgetBytes;
        }
        long half = Runtime.getRuntime().maxMemory() / 2;
        return Math.max(SMALLEST_DECODE_BUDGET, Math.min(half, DecodeBudget.LARGEST_CAPACITY));
    }

    /** Refuses an encoded image of {@code bytes} bytes if it is over {@link #maxBytes}. */
    public void checkBytes(long bytes) throws ImageDecodeException {
        if (bytes > maxBytes) {
            throw new ImageDecodeException(overMaxBytes(bytes, maxBytes));
        }
    }

    /** The reason given for {@code bytes} over a limit of {@code maxBytes}. */
    public static String overMaxBytes(long bytes, long maxBytes) {
        return "the image is " + bytes + " bytes, over the limit of " + maxBytes + " bytes per image (raise "
                + MAX_BYTES_OPTION + " to read it)";
    }
}
