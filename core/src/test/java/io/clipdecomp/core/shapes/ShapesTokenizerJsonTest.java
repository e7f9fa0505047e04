package io.clipdecomp.core.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesTokenizerJsonTest {
    @TempDir
    static Path folder;
    private static HuggingFaceTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        Path file = folder.resolve("tokenizer.json");
        ShapesTokenizerJson.write(file);
        tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void specialTokensHaveClipsIds() {
        List<String> tokens = ShapesTokenizerJson.tokens();
        int n = ShapesTokenizerJson.vocabSize();
        assertEquals(n, tokens.size());
        assertEquals("<pad>", tokens.get(0));
        assertEquals("<unk>", tokens.get(1));
        assertEquals("<start_of_text>", tokens.get(n - 2));
        assertEquals("<end_of_text>", tokens.get(n - 1));
        assertEquals(n, new HashSet<>(tokens).size(), "tokens must be distinct");
        for (String word : List.of("a", "an", "the", "photo", "picture", "image", "of", "on", "in", "with",
                "object", "shape", "background", "and", "water", "land", ".")) {
            assertTrue(tokens.contains(word), word);
        }
    }

    @Test
    void encodesMixedCaseTextIntoWordIds() {
        Encoding encoding = tokenizer.encode("A photo of a RED circle.");
        assertArrayEquals(new String[] {"<start_of_text>", "a", "photo", "of", "a", "red", "circle", ".",
                "<end_of_text>"}, encoding.getTokens());
        assertArrayEquals(ids("<start_of_text>", "a", "photo", "of", "a", "red", "circle", ".", "<end_of_text>"),
                encoding.getIds());
        long eot = encoding.getIds()[encoding.getIds().length - 1];
        assertEquals(ShapesTokenizerJson.vocabSize() - 1, eot);
        for (long id : encoding.getIds()) {
            assertTrue(id <= eot, "end of text must be the largest id");
        }
    }

    @Test
    void splitsPunctuationAndMapsUnknownWordsToUnk() {
        Encoding encoding = tokenizer.encode("two objects: a star,a zebra!");
        assertArrayEquals(ids("<start_of_text>", "two", "objects", ":", "a", "star", ",", "a", "<unk>", "!",
                "<end_of_text>"), encoding.getIds());
    }

    @Test
    void everyGeneratedCaptionAndPromptIsFullyKnown() {
        List<String> texts = new ArrayList<>();
        LongStream.range(0, 5000).forEach(i -> texts.add(
                SceneGenerator.render(13, i, SceneGenerator.MIN_CANVAS, SceneSpec.any()).caption()));
        texts.addAll(CaptionWriter.shapePrompts());
        texts.addAll(CaptionWriter.colourPrompts());
        texts.addAll(CaptionWriter.backgroundPrompts());
        texts.addAll(CaptionWriter.placePrompts());
        long unk = ShapesTokenizerJson.id("<unk>");
        for (String text : texts) {
            Encoding encoding = tokenizer.encode(text);
            for (long id : encoding.getIds()) {
                assertFalse(id == unk, "unknown token in '" + text + "': " + List.of(encoding.getTokens()));
            }
            // what our own splitter predicts, wrapped in the special tokens
            List<String> expected = new ArrayList<>();
            expected.add("<start_of_text>");
            expected.addAll(CaptionWriter.tokens(text));
            expected.add("<end_of_text>");
            assertEquals(expected, List.of(encoding.getTokens()), text);
        }
    }

    private static long[] ids(String... tokens) {
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = ShapesTokenizerJson.tokens().indexOf(tokens[i]);
            assertTrue(ids[i] >= 0, tokens[i]);
        }
        return ids;
    }
}
