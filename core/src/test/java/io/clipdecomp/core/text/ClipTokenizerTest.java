package io.clipdecomp.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.io.WeightFileException;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLIP tokenisation over tokenizer.json files written here: start, words, end, zero padding, cutting. */
class ClipTokenizerTest {
    private static final int SOT = 5;
    private static final int EOT = 6;

    @TempDir
    Path dir;

    /** A word-level vocabulary: pad 0, unk 1, hello 2, world 3, red 4, start 5, end 6. */
    private static final String VOCAB = "{\"<pad>\": 0, \"<unk>\": 1, \"hello\": 2, \"world\": 3, \"red\": 4,"
            + " \"<sot>\": 5, \"<eot>\": 6}";

    private static final String SPECIALS = "\"added_tokens\": ["
            + "{\"id\": 5, \"content\": \"<sot>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false,"
            + " \"normalized\": false, \"special\": true},"
            + "{\"id\": 6, \"content\": \"<eot>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false,"
            + " \"normalized\": false, \"special\": true}]";

    private static final String TEMPLATE = "{\"type\": \"TemplateProcessing\","
            + " \"single\": [{\"SpecialToken\": {\"id\": \"<sot>\", \"type_id\": 0}},"
            + " {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}},"
            + " {\"SpecialToken\": {\"id\": \"<eot>\", \"type_id\": 0}}],"
            + " \"pair\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}},"
            + " {\"Sequence\": {\"id\": \"B\", \"type_id\": 1}}],"
            + " \"special_tokens\": {\"<sot>\": {\"id\": \"<sot>\", \"ids\": [5], \"tokens\": [\"<sot>\"]},"
            + " \"<eot>\": {\"id\": \"<eot>\", \"ids\": [6], \"tokens\": [\"<eot>\"]}}}";

    private Path tokenizerJson(String postProcessor) throws IOException {
        String json = "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, " + SPECIALS + ","
                + " \"normalizer\": {\"type\": \"Lowercase\"}, \"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"},"
                + " \"post_processor\": " + postProcessor + ", \"decoder\": null,"
                + " \"model\": {\"type\": \"WordLevel\", \"vocab\": " + VOCAB + ", \"unk_token\": \"<unk>\"}}";
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void wrapsInStartAndEndAndPadsWithZeros() throws IOException {
        try (ClipTokenizer t = ClipTokenizer.load(tokenizerJson(TEMPLATE), 8)) {
            assertEquals(SOT, t.startId());
            assertEquals(EOT, t.endId());
            assertEquals(8, t.contextLength());
            assertArrayEquals(new long[] {SOT, 2, 3, EOT, 0, 0, 0, 0}, t.encode("hello world"));
            assertArrayEquals(new long[] {SOT, 4, 1, 2, EOT, 0, 0, 0}, t.encode("Red blue HELLO"));
            assertArrayEquals(new long[] {SOT, EOT, 0, 0, 0, 0, 0, 0}, t.encode(""));
            long[][] rows = t.encode(List.of("world", "red red"));
            assertArrayEquals(new long[] {SOT, 3, EOT, 0, 0, 0, 0, 0}, rows[0]);
            assertArrayEquals(new long[] {SOT, 4, 4, EOT, 0, 0, 0, 0}, rows[1]);
        }
    }

    @Test
    void overLongTextIsCutKeepingEndOfTextLast() throws IOException {
        try (ClipTokenizer t = ClipTokenizer.load(tokenizerJson(TEMPLATE), 8)) {
            // six words + start + end fill the context exactly: nothing is cut
            assertArrayEquals(new long[] {SOT, 2, 3, 4, 2, 3, 4, EOT}, t.encode("hello world red hello world red"));
            // seven words: the seventh word gives way to end-of-text, as OpenCLIP's tokenize does
            assertArrayEquals(new long[] {SOT, 2, 3, 4, 2, 3, 4, EOT},
                    t.encode("hello world red hello world red hello"));
            assertArrayEquals(new long[] {SOT, 3, 3, 3, 3, 3, 3, EOT}, t.encode("world ".repeat(40)));
        }
    }

    @Test
    void tokenizerWithoutPostProcessorIsRefused() throws IOException {
        Path file = tokenizerJson("null");
        IOException e = assertThrows(IOException.class, () -> ClipTokenizer.load(file, 8));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("post_processor"), e.getMessage());
        assertTrue(e.getMessage().contains("start") && e.getMessage().contains("end"), e.getMessage());
    }

    /** The message of loading {@code file}: it names the file and is in our words, not the libraries'. */
    private static String loadFailure(Path file) {
        WeightFileException e = assertThrows(WeightFileException.class, () -> ClipTokenizer.load(file, 8));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertNull(e.getCause(), "the message says it all; no library cause to print after it");
        return e.getMessage();
    }

    @Test
    void unparseableTokenizerJsonIsNamedAndExplained() throws IOException {
        Path cut = tokenizerJson(TEMPLATE);
        String json = Files.readString(cut, StandardCharsets.UTF_8);
        Files.writeString(cut, json.substring(0, json.indexOf("\"model\"")), StandardCharsets.UTF_8);
        String message = loadFailure(cut);
        assertTrue(message.contains("not valid JSON") && message.contains("ends before"), message);
        assertFalse(message.contains("EOF while parsing"), "the native library's wording: " + message);

        Files.writeString(cut, "{\"model\": {\"type\": 'WordLevel'}}", StandardCharsets.UTF_8);
        assertTrue(loadFailure(cut).contains("not valid JSON"), "single quotes are not JSON");

        Files.write(cut, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        String latin1 = loadFailure(cut);
        assertTrue(latin1.contains("not UTF-8") && latin1.contains("byte 2"), latin1);
    }

    @Test
    void jsonThatIsNoTokenizerIsNamed() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\": 5}", StandardCharsets.UTF_8);
        String message = loadFailure(file);
        assertTrue(message.contains("not a tokenizer"), message);
        Path missing = dir.resolve("absent/tokenizer.json");
        assertTrue(loadFailure(missing).contains("does not exist"));
    }

    @Test
    void contextShorterThanTwoIsRefused() throws IOException {
        Path file = tokenizerJson(TEMPLATE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipTokenizer.load(file, 1));
        assertTrue(e.getMessage().contains("context length"), e.getMessage());
    }

    @Test
    void shapesWorldTokenizerLowercasesAndSplitsPunctuation() throws IOException {
        Path file = dir.resolve("shapes-tokenizer.json");
        ShapesTokenizerJson.write(file);
        List<String> vocab = ShapesTokenizerJson.tokens();
        long sot = vocab.indexOf("<start_of_text>");
        long eot = vocab.indexOf("<end_of_text>");
        assertEquals(vocab.size() - 1, eot);
        try (ClipTokenizer t = ClipTokenizer.load(file, 10)) {
            assertEquals(sot, t.startId());
            assertEquals(eot, t.endId());
            assertArrayEquals(new long[] {sot, vocab.indexOf("a"), vocab.indexOf("red"), vocab.indexOf("circle"),
                    vocab.indexOf("."), eot, 0, 0, 0, 0}, t.encode("A Red circle."));
            assertArrayEquals(new long[] {sot, 1, eot, 0, 0, 0, 0, 0, 0, 0}, t.encode("zyzzyva"));
        }
    }
}
