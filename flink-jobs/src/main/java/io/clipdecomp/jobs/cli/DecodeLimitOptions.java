package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.preprocess.ImageLimits;
import picocli.CommandLine.Option;

/** The flags bounding the pixels of one image and the heap that concurrent decodes share. */
public final class DecodeLimitOptions {

    @Option(names = ImageLimits.MAX_PIXELS_OPTION, paramLabel = "N", defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS,
            description = "Largest width x height an image may have; checked on the header, before decoding "
                    + "(default: ${DEFAULT-VALUE}, Pillow's decompression-bomb limit).")
    long maxPixels;

    @Option(names = ImageLimits.DECODE_BUDGET_OPTION, paramLabel = "BYTES",
            description = "Heap that the concurrent decodes of one JVM may hold together, estimated from each header: "
                    + "a large image waits until its share is free, and one needing more than the whole budget is "
                    + "refused (default: half the JVM's maximum heap).")
    Long decodeBudget;

    /** The limits these flags and {@code bytes} set, checked. */
    ImageLimits limits(ImageBytesOption bytes) {
        if (decodeBudget != null && decodeBudget < ImageLimits.SMALLEST_DECODE_BUDGET) {
            throw new IllegalArgumentException(ImageLimits.DECODE_BUDGET_OPTION + " must be at least "
                    + ImageLimits.SMALLEST_DECODE_BUDGET + " (1 MiB), got " + decodeBudget);
        }
        return new ImageLimits(bytes.maxBytes(), maxPixels,
                decodeBudget == null ? ImageLimits.HALF_THE_HEAP : decodeBudget);
    }
}
