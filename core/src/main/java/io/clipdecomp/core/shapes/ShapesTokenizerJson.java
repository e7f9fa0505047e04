package io.clipdecomp.core.shapes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Writes the shapes world's tokenizer as a Hugging Face {@code tokenizer.json}: a WordLevel model over every
 * word a caption or prompt can contain, loadable by DJL's {@code HuggingFaceTokenizer}.
 *
 * <p>Text is NFC-normalised and lower-cased, split on whitespace, and each punctuation mark is split off
 * as its own token. Unknown words become {@value #UNK}. Ids: 0 is {@value #PAD} (CLIP pads with 0), 1 is
 * {@value #UNK}, then the words in sorted order, then {@value #START_OF_TEXT}, and {@value #END_OF_TEXT}
 * is the largest id, as in CLIP, where pooling takes the position of the largest id. Every encoding is
 * wrapped as {@code <start_of_text> ... <end_of_text>}.
 */
public final class ShapesTokenizerJson {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String START_OF_TEXT = "<start_of_text>";
    public static final String END_OF_TEXT = "<end_of_text>";

    /** Words users may type around the world's own words, and punctuation, so that they are not unknown. */
    private static final List<String> GENERIC = List.of(
            "a", "an", "the", "photo", "photos", "picture", "pictures", "image", "images", "of", "on", "in",
            "with", "object", "objects", "shape", "shapes", "background", "and", "or", "is", "are", "there",
            "this", "that", "it", "at", "one", "two", "some", "colour", "color", "big", "tiny", "middle",
            ".", ",", ":", ";", "!", "?", "'", "-", "(", ")");

    private static final List<String> TOKENS = buildTokens();
    private static final Map<String, Integer> IDS = buildIds();

    private ShapesTokenizerJson() {
    }

    /** All tokens in id order: token {@code i} has id {@code i}. */
    public static List<String> tokens() {
        return TOKENS;
    }

    /** Number of tokens, special ones included; {@value #END_OF_TEXT} has id {@code vocabSize() - 1}. */
    public static int vocabSize() {
        return TOKENS.size();
    }

    /** The id of a token, or -1 if it is not in the vocabulary. */
    public static int id(String token) {
        return IDS.getOrDefault(token, -1);
    }

    /** Writes the tokenizer to {@code file} (usually named {@code tokenizer.json}), replacing it. */
    public static void write(Path file) {
        try {
            Files.writeString(file, json(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer to " + file, e);
        }
    }

    /** The tokenizer.json text. */
    public static String json() {
        int sot = vocabSize() - 2;
        int eot = vocabSize() - 1;
        StringBuilder out = new StringBuilder(16_384);
        out.append("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n");
        out.append("  \"added_tokens\": [\n");
        int[] specialIds = {0, 1, sot, eot};
        for (int i = 0; i < specialIds.length; i++) {
            out.append("    {\"id\": ").append(specialIds[i]).append(", \"content\": ")
                    .append(quote(TOKENS.get(specialIds[i])))
                    .append(", \"single_word\": false, \"lstrip\": false, \"rstrip\": false,"
                            + " \"normalized\": false, \"special\": true}")
                    .append(i + 1 < specialIds.length ? ",\n" : "\n");
        }
        out.append("  ],\n");
        out.append("  \"normalizer\": {\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"NFC\"},"
                + " {\"type\": \"Lowercase\"}]},\n");
        out.append("  \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": ["
                + "{\"type\": \"WhitespaceSplit\"}, {\"type\": \"Punctuation\", \"behavior\": \"Isolated\"}]},\n");
        out.append("  \"post_processor\": {\"type\": \"TemplateProcessing\",\n");
        out.append("    \"single\": [").append(special(START_OF_TEXT, 0)).append(", ").append(sequence("A", 0))
                .append(", ").append(special(END_OF_TEXT, 0)).append("],\n");
        out.append("    \"pair\": [").append(special(START_OF_TEXT, 0)).append(", ").append(sequence("A", 0))
                .append(", ").append(special(END_OF_TEXT, 0)).append(", ").append(sequence("B", 1))
                .append(", ").append(special(END_OF_TEXT, 1)).append("],\n");
        out.append("    \"special_tokens\": {\n");
        out.append("      ").append(specialEntry(START_OF_TEXT, sot)).append(",\n");
        out.append("      ").append(specialEntry(END_OF_TEXT, eot)).append("\n    }\n  },\n");
        out.append("  \"decoder\": null,\n");
        out.append("  \"model\": {\"type\": \"WordLevel\", \"unk_token\": ").append(quote(UNK))
                .append(", \"vocab\": {\n");
        for (int i = 0; i < TOKENS.size(); i++) {
            out.append("    ").append(quote(TOKENS.get(i))).append(": ").append(i)
                    .append(i + 1 < TOKENS.size() ? ",\n" : "\n");
        }
        out.append("  }}\n}\n");
        return out.toString();
    }

    private static List<String> buildTokens() {
        SortedSet<String> words = new TreeSet<>(CaptionWriter.words());
        words.addAll(GENERIC);
        List<String> tokens = new ArrayList<>();
        tokens.add(PAD);
        tokens.add(UNK);
        tokens.addAll(words);
        tokens.add(START_OF_TEXT);
        tokens.add(END_OF_TEXT);
        return Collections.unmodifiableList(tokens);
    }

    private static Map<String, Integer> buildIds() {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < TOKENS.size(); i++) {
            ids.put(TOKENS.get(i), i);
        }
        return Collections.unmodifiableMap(ids);
    }

    private static String special(String token, int typeId) {
        return "{\"SpecialToken\": {\"id\": " + quote(token) + ", \"type_id\": " + typeId + "}}";
    }

    private static String sequence(String which, int typeId) {
        return "{\"Sequence\": {\"id\": \"" + which + "\", \"type_id\": " + typeId + "}}";
    }

    private static String specialEntry(String token, int id) {
        return quote(token) + ": {\"id\": " + quote(token) + ", \"ids\": [" + id + "], \"tokens\": ["
                + quote(token) + "]}";
    }

    /** A JSON string literal; tokens are ASCII, but quotes and backslashes must still be escaped. */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
