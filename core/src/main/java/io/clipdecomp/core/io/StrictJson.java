package io.clipdecomp.core.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict UTF-8 JSON for model files (weight headers, shard indexes, configs, tokenizers): Gson's default parser
 * is lenient, and its messages give advice about its own API; ours name the file and say what is wrong.
 */
public final class StrictJson {
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private StrictJson() {
    }

    /**
     * Reads {@code file} as one JSON object in UTF-8.
     *
     * @param what names the file's role in messages, e.g. "the OpenCLIP config"
     * @throws WeightFileException naming the file when it cannot be read, is not UTF-8 or not one JSON object
     */
    public static JsonObject readObject(Path file, String what) throws WeightFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WeightFileException(file + ": cannot read " + what + ": " + unreadable(e));
        }
        return parseObject(utf8(ByteBuffer.wrap(bytes), 0, file, what), file, what);
    }

    /** Why a file could not be read, without the exception's class name. */
    static String unreadable(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Decodes bytes as UTF-8, refusing malformed input.
     *
     * @param fileOffset where the bytes start in the file, so the message gives the file's byte position
     */
    static String utf8(ByteBuffer bytes, long fileOffset, Path file, String what) throws WeightFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            // the decoder stops at the first byte it cannot decode
            throw new WeightFileException(file + ": " + what + " is not UTF-8 text (byte " + (fileOffset
                    + bytes.position()) + " of the file is not valid UTF-8); is this the right file?");
        }
    }

    /** Parses {@code text} as one JSON object; {@code what} names it in the error, e.g. "safetensors header". */
    static JsonObject parseObject(String text, Path file, String what) throws WeightFileException {
        JsonElement element;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new WeightFileException(file + ": " + what + " has content after its JSON object");
            }
        } catch (JsonParseException | IOException e) {
            throw new WeightFileException(file + ": " + what + " is not valid JSON: " + syntaxProblem(e));
        }
        if (!element.isJsonObject()) {
            throw new WeightFileException(file + ": " + what + " is not a JSON object");
        }
        return element.getAsJsonObject();
    }

    /** What a Gson syntax error means, in our words, with its line and column. */
    public static String syntaxProblem(Exception e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String raw = deepest.getMessage() == null ? "" : deepest.getMessage();
        String what;
        if (deepest instanceof EOFException || raw.startsWith("End of input")) {
            what = "it ends before the JSON is complete";
        } else if (raw.startsWith("Unterminated string")) {
            what = "a string is not closed";
        } else if (raw.startsWith("Unterminated")) {
            what = "a list or object is not closed";
        } else if (raw.startsWith("Expected name")) {
            what = "a key is missing or not quoted";
        } else {
            what = "unexpected characters";
        }
        Matcher at = POSITION.matcher(raw);
        return at.find() ? what + " (line " + at.group(1) + ", column " + at.group(2) + ")" : what;
    }

    /** The value as a non-negative integer that fits in a long, or -1 if it is anything else. */
    static long nonNegativeLong(JsonElement value) {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return -1;
        }
        BigDecimal number;
        try {
            number = value.getAsBigDecimal();
        } catch (NumberFormatException e) {
            return -1;
        }
        if (number.signum() < 0 || number.stripTrailingZeros().scale() > 0 || number.compareTo(LONG_MAX) > 0) {
            return -1;
        }
        return number.longValueExact();
    }

    /** The value if it is a JSON string, else null. */
    static String string(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }
}
