package io.clipdecomp.core.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;

/** Strict JSON parsing for weight-file headers and indexes (Gson's default parser is lenient). */
final class StrictJson {
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private StrictJson() {
    }

    /** Parses {@code text} as one JSON object; {@code what} names it in the error, e.g. "the header". */
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
            throw new WeightFileException(file + ": " + what + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!element.isJsonObject()) {
            throw new WeightFileException(file + ": " + what + " is not a JSON object");
        }
        return element.getAsJsonObject();
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
