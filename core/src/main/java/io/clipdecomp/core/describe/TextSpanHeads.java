package io.clipdecomp.core.describe;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.clipdecomp.core.io.StrictJson;
import io.clipdecomp.core.textspan.TextSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-head texts of a {@code textspan} JSON result ({@code heads[]} with {@code layer}, {@code head},
 * {@code indices} and {@code texts}), checked against the text set they index: every index inside it and
 * naming the very text the file lists.
 */
public final class TextSpanHeads {
    private TextSpanHeads() {
    }

    /** The heads of {@code file}, in file order; errors name the file and the head. */
    public static List<HeadTexts> read(Path file, TextSet textSet) throws IOException {
        JsonObject root = StrictJson.readObject(file, "the textspan results");
        JsonElement heads = root.get("heads");
        if (heads == null || !heads.isJsonArray()) {
            throw new IllegalArgumentException(file + " has no \"heads\" array; give a JSON file that `textspan` wrote");
        }
        List<HeadTexts> out = new ArrayList<>();
        for (JsonElement element : heads.getAsJsonArray()) {
            String where = file + ", head " + out.size();
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException(where + " is not a JSON object");
            }
            JsonObject head = element.getAsJsonObject();
            int layer = integer(head, "layer", where);
            int h = integer(head, "head", where);
            where = file + ", layer " + layer + " head " + h;
            JsonArray indices = array(head, "indices", where);
            JsonArray texts = array(head, "texts", where);
            if (indices.size() != texts.size()) {
                throw new IllegalArgumentException(where + " lists " + indices.size() + " indices and " + texts.size()
                        + " texts");
            }
            int[] picks = new int[indices.size()];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = integer(indices.get(i), "indices[" + i + "]", where);
                if (picks[i] >= textSet.texts().size()) {
                    throw new IllegalArgumentException(where + ": text index " + picks[i] + " is outside text set '"
                            + textSet.name() + "' (" + textSet.texts().size() + " texts); give the text set textspan ran with");
                }
                JsonElement text = texts.get(i);
                String expected = textSet.texts().get(picks[i]);
                if (!(text instanceof JsonPrimitive p && p.isString() && p.getAsString().equals(expected))) {
                    throw new IllegalArgumentException(where + ": text " + picks[i] + " is " + text + " in the file but \""
                            + expected + "\" in text set '" + textSet.name() + "'; give the text set textspan ran with");
                }
            }
            out.add(new HeadTexts(layer, h, picks));
        }
        return out;
    }

    private static JsonArray array(JsonObject object, String key, String where) {
        JsonElement value = object.get(key);
        if (value == null || !value.isJsonArray()) {
            throw new IllegalArgumentException(where + " has no \"" + key + "\" array");
        }
        return value.getAsJsonArray();
    }

    private static int integer(JsonObject object, String key, String where) {
        JsonElement value = object.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + " has no \"" + key + "\"");
        }
        return integer(value, key, where);
    }

    private static int integer(JsonElement value, String key, String where) {
        if (value instanceof JsonPrimitive p && p.isNumber()) {
            double d = p.getAsDouble();
            if (d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d)) {
                return (int) d;
            }
        }
        throw new IllegalArgumentException(where + ": \"" + key + "\" must be a non-negative integer, got " + value);
    }
}
