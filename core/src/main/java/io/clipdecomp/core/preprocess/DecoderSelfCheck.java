package io.clipdecomp.core.preprocess;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check that this JVM decodes images as Pillow 9.4 does: a built-in 4:4:0 JPEG (the sampling where
 * JDKs bundling IJG libjpeg 6b give up to 65 levels different pixels through ImageIO) is decoded the way every image
 * is and compared with the pixels Pillow gives for it ({@code src/test/python/pillow_corpus.py} made both). The
 * decoders are Java, so this is a safety net for JVMs nobody tested, not the guarantee itself (the corpus test is).
 */
public final class DecoderSelfCheck {
    /** The command-line option that turns a failed check into a refusal. */
    public static final String STRICT_OPTION = "--strict-pixels";
    private static final Logger LOG = LoggerFactory.getLogger(DecoderSelfCheck.class);
    private static final String RESOURCE = "/io/clipdecomp/core/preprocess/self-check-440";
    private static volatile Optional<String> result;
    private static volatile boolean warned;

    private DecoderSelfCheck() {
    }

    /** Empty if this JVM decodes the built-in JPEG to Pillow's pixels, else what differs, naming the JVM. Cached. */
    public static Optional<String> problem() {
        Optional<String> r = result;
        if (r == null) {
            try {
                r = compare(resource(".jpg"), resource(".rgb"));
            } catch (IOException e) {
                r = Optional.of("the built-in check image cannot be read (" + e.getMessage() + ")");
            }
            result = r;
        }
        return r;
    }

    /**
     * Refuses to go on if the check failed and {@code strict}; otherwise logs the failure once per JVM.
     *
     * @throws IllegalStateException if the check failed and {@code strict} is set
     */
    public static void enforce(boolean strict) {
        enforce(problem(), strict);
    }

    static void enforce(Optional<String> problem, boolean strict) {
        if (problem.isEmpty()) {
            return;
        }
        if (strict) {
            throw new IllegalStateException(problem.get() + "; refusing to go on (" + STRICT_OPTION + ")");
        }
        if (!warned) {
            warned = true;
            LOG.warn("{}; continuing (use {} to refuse)", problem.get(), STRICT_OPTION);
        }
    }

    /** The comparison itself: empty if {@code jpeg} decodes to {@code expectedRgb}. */
    static Optional<String> compare(byte[] jpeg, byte[] expectedRgb) {
        byte[] got;
        try {
            got = ImageDecoder.decode(jpeg).toRgb().samples();
        } catch (ImageDecodeException | RuntimeException e) {
            return Optional.of(jvm() + " cannot decode the built-in 4:4:0 JPEG: " + e.getMessage());
        }
        int differ = 0;
        int most = 0;
        for (int i = 0; i < Math.min(got.length, expectedRgb.length); i++) {
            int d = Math.abs((got[i] & 0xFF) - (expectedRgb[i] & 0xFF));
            differ += d > 0 ? 1 : 0;
            most = Math.max(most, d);
        }
        if (differ == 0 && got.length == expectedRgb.length) {
            return Optional.empty();
        }
        return Optional.of("image pixels on " + jvm() + " differ from Pillow 9.4's: " + differ + " of "
                + expectedRgb.length + " samples of the built-in 4:4:0 JPEG, by up to " + most
                + " levels, so results will not be the reference's");
    }

    private static String jvm() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")";
    }

    private static byte[] resource(String suffix) throws IOException {
        try (InputStream in = DecoderSelfCheck.class.getResourceAsStream(RESOURCE + suffix)) {
            if (in == null) {
                throw new IOException(RESOURCE + suffix + " is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }
}
