package io.clipdecomp.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The start-up check: it passes on this JVM, and where pixels differ it says which JVM and by how much, and refuses
 * only when asked to.
 */
class DecoderSelfCheckTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DecoderSelfCheck.class.getResourceAsStream("/io/clipdecomp/core/preprocess/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void thisJvmDecodesTheBuiltIn440JpegAsPillow() throws IOException {
        assertEquals(Optional.empty(), DecoderSelfCheck.problem());
        byte[] jpeg = resource("self-check-440.jpg");
        assertEquals(ImageMode.RGB, ImageDecoder.decode(jpeg).mode());
        assertEquals(24 * 16 * 3, resource("self-check-440.rgb").length);
        assertDoesNotThrow(() -> DecoderSelfCheck.enforce(true));
    }

    @Test
    void differentPixelsAreReportedNamingTheJvmAndTheSize() throws IOException {
        byte[] expected = resource("self-check-440.rgb");
        expected[7] = (byte) (expected[7] + 20);
        expected[100] = (byte) (expected[100] - 3);
        Optional<String> problem = DecoderSelfCheck.compare(resource("self-check-440.jpg"), expected);
        assertTrue(problem.isPresent());
        String message = problem.get();
        assertTrue(message.contains(System.getProperty("java.version"))
                && message.contains(System.getProperty("java.home")), message);
        assertTrue(message.contains("2 of 1152 samples") && message.contains("by up to 20 levels"), message);
    }

    @Test
    void aFailedCheckRefusesOnlyWhenStrict() {
        Optional<String> problem = Optional.of("pixels differ");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DecoderSelfCheck.enforce(problem, true));
        assertTrue(e.getMessage().contains("pixels differ") && e.getMessage().contains(DecoderSelfCheck.STRICT_OPTION),
                e.getMessage());
        assertDoesNotThrow(() -> DecoderSelfCheck.enforce(problem, false));
    }

    @Test
    void anUndecodableCheckImageIsAProblemToo() {
        Optional<String> problem = DecoderSelfCheck.compare(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, new byte[3]);
        assertTrue(problem.isPresent() && problem.get().contains("cannot decode"), problem.toString());
    }
}
