package io.clipdecomp.core.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.clipdecomp.core.io.StrictJson;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CLIP model's architecture and preprocessing, read from and written to {@code open_clip_config.json}.
 *
 * <p>Absent keys take OpenCLIP's defaults. Keys that switch on features this implementation does not
 * compute (layer scale, attentional pooling, ...) are refused by name rather than silently ignored,
 * because ignoring them would produce plausible but wrong embeddings.
 *
 * @param embedDim joint embedding dimension d
 * @param vision image tower geometry
 * @param text text tower geometry
 * @param quickGelu QuickGELU (OpenAI checkpoints) instead of exact erf GELU
 * @param preprocess normalisation statistics
 */
public record ClipConfig(int embedDim, VisionConfig vision, TextConfig text, boolean quickGelu,
                         PreprocessConfig preprocess) {
    private static final Logger LOG = LoggerFactory.getLogger(ClipConfig.class);

    private static final Set<String> MODEL_KEYS = Set.of("embed_dim", "vision_cfg", "text_cfg", "quick_gelu",
            "cast_dtype", "custom_text", "init_logit_scale", "init_logit_bias");
    private static final Set<String> VISION_KEYS = Set.of("image_size", "patch_size", "width", "layers",
            "head_width", "mlp_ratio", "patch_dropout", "output_tokens", "ls_init_value", "attentional_pool",
            "attn_pooler_queries", "attn_pooler_heads", "no_ln_pre", "final_ln_after_pool", "pool_type",
            "global_average_pool", "pos_embed_type", "timm_model_name", "timm_model_pretrained", "timm_pool",
            "timm_proj", "timm_proj_bias", "timm_drop", "timm_drop_path", "input_patchnorm", "act_kwargs",
            "norm_kwargs", "embed_cls", "output_dim");
    private static final Set<String> TEXT_KEYS = Set.of("context_length", "vocab_size", "width", "heads", "layers",
            "mlp_ratio", "ls_init_value", "hf_model_name", "hf_tokenizer_name", "hf_model_pretrained", "hf_proj_type",
            "hf_pooler_type", "tokenizer_kwargs", "embed_cls", "pad_id", "no_causal_mask", "final_ln_after_pool",
            "pool_type", "proj_bias", "proj_type", "output_tokens", "act_kwargs", "norm_kwargs", "output_dim");

    public ClipConfig {
        ConfigChecks.positive("embed_dim", embedDim);
    }

    /** Parses the text of an {@code open_clip_config.json}; errors name the offending key. */
    public static ClipConfig fromJson(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + StrictJson.syntaxProblem(e));
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return fromJson(root.getAsJsonObject());
    }

    /** Reads the parsed {@code open_clip_config.json}; errors name the offending key. */
    public static ClipConfig fromJson(JsonObject root) {
        JsonObject model = root.has("model_cfg") ? object(root, "model_cfg") : root;
        warnUnknown("model_cfg", model, MODEL_KEYS);
        refuseIfTrue(model, "model_cfg", "custom_text");
        refuseIfSet(model, "model_cfg", "init_logit_bias");

        JsonObject v = model.has("vision_cfg") ? object(model, "vision_cfg") : new JsonObject();
        warnUnknown("vision_cfg", v, VISION_KEYS);
        refuseIfSet(v, "vision_cfg", "ls_init_value");
        refuseIfSet(v, "vision_cfg", "timm_model_name");
        refuseIfTrue(v, "vision_cfg", "attentional_pool");
        refuseIfTrue(v, "vision_cfg", "no_ln_pre");
        refuseIfTrue(v, "vision_cfg", "final_ln_after_pool");
        refuseIfTrue(v, "vision_cfg", "global_average_pool");
        refuseIfTrue(v, "vision_cfg", "input_patchnorm");
        refuseIfTrue(v, "vision_cfg", "embed_cls");
        refuseUnlessString(v, "vision_cfg", "pool_type", "tok");
        refuseUnlessString(v, "vision_cfg", "pos_embed_type", "learnable");
        refuseIfNonEmpty(v, "vision_cfg", "act_kwargs");
        refuseIfNonEmpty(v, "vision_cfg", "norm_kwargs");
        VisionConfig vision = new VisionConfig(
                squareInt(v, "image_size", 224), squareInt(v, "patch_size", 16), integer(v, "width", 768),
                integer(v, "layers", 12), integer(v, "head_width", 64), number(v, "mlp_ratio", 4.0));

        JsonObject t = model.has("text_cfg") ? object(model, "text_cfg") : new JsonObject();
        warnUnknown("text_cfg", t, TEXT_KEYS);
        refuseIfSet(t, "text_cfg", "ls_init_value");
        refuseIfSet(t, "text_cfg", "hf_model_name");
        refuseIfTrue(t, "text_cfg", "embed_cls");
        refuseIfTrue(t, "text_cfg", "no_causal_mask");
        refuseIfTrue(t, "text_cfg", "final_ln_after_pool");
        refuseIfTrue(t, "text_cfg", "proj_bias");
        refuseUnlessString(t, "text_cfg", "pool_type", "argmax", "eos");
        refuseUnlessString(t, "text_cfg", "proj_type", "linear");
        refuseIfNonEmpty(t, "text_cfg", "act_kwargs");
        refuseIfNonEmpty(t, "text_cfg", "norm_kwargs");
        if (t.has("pad_id") && integer(t, "pad_id", 0) != 0) {
            throw unsupported("text_cfg", "pad_id", "only padding id 0 (CLIP's) is supported");
        }
        TextConfig text = new TextConfig(integer(t, "context_length", 77), integer(t, "vocab_size", 49408),
                integer(t, "width", 512), integer(t, "heads", 8), integer(t, "layers", 12),
                number(t, "mlp_ratio", 4.0));

        PreprocessConfig preprocess = PreprocessConfig.OPENAI;
        if (root.has("preprocess_cfg")) {
            JsonObject p = object(root, "preprocess_cfg");
            refuseUnlessString(p, "preprocess_cfg", "interpolation", "bicubic");
            refuseUnlessString(p, "preprocess_cfg", "resize_mode", "shortest");
            preprocess = new PreprocessConfig(
                    p.has("mean") ? floats(p, "mean") : PreprocessConfig.OPENAI.mean(),
                    p.has("std") ? floats(p, "std") : PreprocessConfig.OPENAI.std());
        }
        if (!model.has("embed_dim")) {
            throw new IllegalArgumentException("model_cfg.embed_dim is missing");
        }
        boolean quickGelu = model.has("quick_gelu") && bool(model, "quick_gelu");
        return new ClipConfig(integer(model, "embed_dim", 0), vision, text, quickGelu, preprocess);
    }

    /** The {@code open_clip_config.json} text for this configuration, every key explicit. */
    public String toJson() {
        JsonObject v = new JsonObject();
        v.addProperty("image_size", vision.imageSize());
        v.addProperty("patch_size", vision.patchSize());
        v.addProperty("width", vision.width());
        v.addProperty("layers", vision.layers());
        v.addProperty("head_width", vision.headWidth());
        v.addProperty("mlp_ratio", vision.mlpRatio());
        JsonObject t = new JsonObject();
        t.addProperty("context_length", text.contextLength());
        t.addProperty("vocab_size", text.vocabSize());
        t.addProperty("width", text.width());
        t.addProperty("heads", text.heads());
        t.addProperty("layers", text.layers());
        t.addProperty("mlp_ratio", text.mlpRatio());
        JsonObject model = new JsonObject();
        model.addProperty("embed_dim", embedDim);
        model.addProperty("quick_gelu", quickGelu);
        model.add("vision_cfg", v);
        model.add("text_cfg", t);
        JsonObject p = new JsonObject();
        p.add("mean", array(preprocess.mean()));
        p.add("std", array(preprocess.std()));
        p.addProperty("interpolation", "bicubic");
        p.addProperty("resize_mode", "shortest");
        JsonObject root = new JsonObject();
        root.add("model_cfg", model);
        root.add("preprocess_cfg", p);
        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        return gson.toJson(root) + "\n";
    }

    private static JsonArray array(float[] values) {
        JsonArray a = new JsonArray();
        for (float f : values) {
            a.add(f);
        }
        return a;
    }

    private static void warnUnknown(String section, JsonObject o, Set<String> known) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!known.contains(e.getKey())) {
                LOG.warn("{}.{} is not a key we know; ignored", section, e.getKey());
            }
        }
    }

    private static IllegalArgumentException unsupported(String section, String key, String why) {
        return new IllegalArgumentException(section + "." + key + " is not supported: " + why);
    }

    private static void refuseIfSet(JsonObject o, String section, String key) {
        if (o.has(key) && !o.get(key).isJsonNull()) {
            throw unsupported(section, key, "this implementation has no such feature (value " + o.get(key) + ")");
        }
    }

    private static void refuseIfTrue(JsonObject o, String section, String key) {
        if (o.has(key) && !o.get(key).isJsonNull() && bool(o, key)) {
            throw unsupported(section, key, "this implementation has no such feature (value true)");
        }
    }

    private static void refuseIfNonEmpty(JsonObject o, String section, String key) {
        JsonElement e = o.get(key);
        if (e != null && !e.isJsonNull() && !(e.isJsonObject() && e.getAsJsonObject().size() == 0)) {
            throw unsupported(section, key, "custom activation or norm arguments (" + e + ")");
        }
    }

    private static void refuseUnlessString(JsonObject o, String section, String key, String... allowed) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw unsupported(section, key, "expected one of the strings " + String.join(", ", allowed) + ", got " + e);
        }
        String value = e.getAsString().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        throw unsupported(section, key, "value '" + e.getAsString() + "', supported: " + String.join(", ", allowed));
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(key + " must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static int integer(JsonObject o, String key, int dflt) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? dflt : integerValue(key, e);
    }

    private static int integerValue(String key, JsonElement e) {
        double d = numberValue(key, e);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be an integer, got " + e);
        }
        return (int) d;
    }

    /** image_size and patch_size may be one number or a [height, width] pair; only squares are supported. */
    private static int squareInt(JsonObject o, String key, int dflt) {
        JsonElement e = o.get(key);
        if (e != null && e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            if (a.size() != 2 || numberValue(key, a.get(0)) != numberValue(key, a.get(1))) {
                throw unsupported("vision_cfg", key, "only square sizes are supported, got " + e);
            }
            return integerValue(key, a.get(0));
        }
        return integer(o, key, dflt);
    }

    private static double number(JsonObject o, String key, double dflt) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? dflt : numberValue(key, e);
    }

    /** The value of a JSON number; anything else (string, list, object, boolean) is refused naming the key. */
    private static double numberValue(String key, JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    private static boolean bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, got " + e);
        }
        return e.getAsBoolean();
    }

    private static float[] floats(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(key + " must be a list of numbers, got " + e);
        }
        JsonArray a = e.getAsJsonArray();
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) numberValue(key, a.get(i));
        }
        return f;
    }
}
