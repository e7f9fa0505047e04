package io.clipdecomp.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The corpus of {@code src/test/python/pillow_corpus.py}: every file decodes to the pixels Pillow 9.4 gives
 * ({@code convert('RGB')}), and both preprocessing paths crop the same 8-bit pixels as Pillow + torchvision.
 * The expected checksums were computed by Pillow once and are committed beside the files.
 */
class ImageCorpusTest {
    static final String CORPUS = "/io/clipdecomp/core/preprocess/corpus/";
    private static final int SIZE = 24;
    /** Files no decoder here reproduces, refused with these reasons instead of decoded approximately. */
    static final Map<String, String> REFUSED = Map.of(
            "webp-lossy.webp", "lossy WebP is not decoded",
            "webp-lossy-alpha.webp", "lossy WebP is not decoded",
            "webp-animated.webp", "lossy WebP is not decoded");
    /** Pillow's modes for grayscale wider than 8 bits. */
    private static final Set<String> WIDE_GRAY = Set.of("I", "I;16", "I;16B");

    /** One line of expected.tsv. */
    record Expected(String name, String mode, int width, int height, String rgb, String before, String after) {
    }

    static List<Expected> expected() throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : new String(resource("expected.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#") || line.startsWith("name\t") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Expected(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], f[5], f[6]));
        }
        return out;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageCorpusTest.class.getResourceAsStream(CORPUS + name)) {
            if (in == null) {
                throw new IOException("test resource " + CORPUS + name + " is missing");
            }
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyFileDecodesToPillowsPixels() throws IOException {
        List<String> failures = new ArrayList<>();
        List<Expected> corpus = expected();
        for (Expected e : corpus) {
            if (REFUSED.containsKey(e.name())) {
                continue;
            }
            try {
                RasterImage image = ImageDecoder.decode(resource(e.name()));
                String got = image.width() + "x" + image.height() + " " + sha256(image.toRgb().samples());
                String want = e.width() + "x" + e.height() + " " + e.rgb();
                if (!got.equals(want)) {
                    failures.add(e.name() + ": decoded " + image.mode() + " " + got + ", Pillow " + e.mode() + " "
                            + want);
                }
            } catch (IOException | RuntimeException ex) {
                failures.add(e.name() + ": " + ex);
            }
        }
        assertTrue(corpus.size() > 0, "no corpus files");
        assertEquals(List.of(), failures, failures.size() + " of " + corpus.size() + " files differ from Pillow");
    }

    private static RasterImage streamedCrop(ClipImagePreprocessor clip, byte[] encoded, ColourConversion when)
            throws ImageDecodeException {
        try (OpenImage open = ImageDecoder.open(encoded, ImageLimits.DEFAULT_MAX_PIXELS)) {
            return clip.resizeAndCrop(open, when);
        }
    }

    @Test
    void filesNotDecodedExactlyAreRefusedNamingTheFileAndTheReason() throws Exception {
        for (Map.Entry<String, String> refused : REFUSED.entrySet()) {
            Path file = Path.of(ImageCorpusTest.class.getResource(CORPUS + refused.getKey()).toURI());
            ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(refused.getValue()),
                    e.getMessage());
        }
    }

    @Test
    void bothPreprocessingPathsCropPillowsPixels() throws IOException {
        ClipImagePreprocessor clip = new ClipImagePreprocessor(SIZE, new float[] {0, 0, 0}, new float[] {1, 1, 1});
        List<String> failures = new ArrayList<>();
        List<Expected> corpus = expected();
        for (Expected e : corpus) {
            if (REFUSED.containsKey(e.name())) {
                continue;
            }
            try {
                byte[] encoded = resource(e.name());
                RasterImage image = ImageDecoder.decode(encoded);
                String before = sha256(clip.resizeAndCrop(image, ColourConversion.BEFORE_RESIZE).samples());
                if (!before.equals(e.before())) {
                    failures.add(e.name() + " BEFORE_RESIZE: " + before + ", Pillow " + e.before());
                }
                // from the bytes, as the job decodes: rows and columns outside the crop's reach are skipped
                String streamed = sha256(streamedCrop(clip, encoded, ColourConversion.BEFORE_RESIZE).samples());
                if (!streamed.equals(e.before())) {
                    failures.add(e.name() + " BEFORE_RESIZE from the bytes: " + streamed + ", Pillow " + e.before());
                }
                String after;
                try {
                    after = sha256(clip.resizeAndCrop(image, ColourConversion.AFTER_CROP).samples());
                    String afterStreamed = sha256(streamedCrop(clip, encoded, ColourConversion.AFTER_CROP).samples());
                    if (!afterStreamed.equals(after)) {
                        failures.add(e.name() + " AFTER_CROP from the bytes differs from the decoded image's");
                    }
                } catch (IllegalArgumentException | ImageDecodeException refused) {
                    after = "refused: " + refused.getMessage();
                }
                if (WIDE_GRAY.contains(e.mode())) {
                    // Pillow resizes mode I on unclipped values and cannot resize I;16: refused, never approximated
                    if (!after.startsWith("refused: ") || !after.contains("more than 8 bits")) {
                        failures.add(e.name() + " AFTER_CROP of mode " + e.mode() + " is not refused: " + after);
                    }
                } else if (!after.equals(e.after())) {
                    failures.add(e.name() + " AFTER_CROP: " + after + ", Pillow " + e.after());
                }
            } catch (IOException | RuntimeException ex) {
                failures.add(e.name() + ": " + ex);
            }
        }
        assertEquals(List.of(), failures, failures.size() + " crops of " + corpus.size() + " files differ from Pillow");
    }
}
