package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.preprocess.DecoderSelfCheck;
import picocli.CommandLine.Option;

/** {@code --strict-pixels}: whether a JVM that does not decode images as Pillow does may go on, with a warning. */
public final class PixelCheckOption {

    @Option(names = DecoderSelfCheck.STRICT_OPTION,
            description = "Refuse to run where the start-up check finds that this JVM decodes a built-in 4:4:0 JPEG "
                    + "differently from Pillow 9.4 (by default a warning naming the JVM is printed and the run goes "
                    + "on); task managers check again when they start.")
    boolean strict;

    /** Runs the start-up check: one warning line if it fails, or the refusal with {@code --strict-pixels}. */
    void check() {
        DecoderSelfCheck.enforce(strict);
    }
}
