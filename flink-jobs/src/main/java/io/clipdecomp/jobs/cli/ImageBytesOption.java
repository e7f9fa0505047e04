package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.preprocess.ImageLimits;
import picocli.CommandLine.Option;

/** The flag bounding the bytes of one image file or record. */
public final class ImageBytesOption {

    @Option(names = ImageLimits.MAX_BYTES_OPTION, paramLabel = "BYTES", defaultValue = "" + ImageLimits.DEFAULT_MAX_BYTES,
            description = "Largest image file or record read, in bytes; larger ones are refused by name without being "
                    + "read (default: ${DEFAULT-VALUE} = 64 MiB).")
    long maxBytes;

    /** The limit, checked. */
    long maxBytes() {
        return ImageLimits.checkMaxBytes(maxBytes);
    }
}
