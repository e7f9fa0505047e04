package io.clipdecomp.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** open_clip_config.json parsing: OpenCLIP's defaults, refused features, the written form. */
class ClipConfigTest {

    /** OpenCLIP's CLIPVisionCfg / CLIPTextCfg defaults and OPENAI_DATASET_MEAN / STD, copied from open_clip. */
    @Test
    void absentKeysTakeOpenClipDefaults() {
        ClipConfig c = ClipConfig.fromJson("{\"model_cfg\": {\"embed_dim\": 512}}");
        assertEquals(512, c.embedDim());
        assertEquals(new VisionConfig(224, 16, 768, 12, 64, 4.0), c.vision());
        assertEquals(new TextConfig(77, 49408, 512, 8, 12, 4.0), c.text());
        assertFalse(c.quickGelu());
        assertArrayEquals(new float[] {0.48145466f, 0.4578275f, 0.40821073f}, c.preprocess().mean());
        assertArrayEquals(new float[] {0.26862954f, 0.26130258f, 0.27577711f}, c.preprocess().std());
        assertEquals(12, c.vision().heads());
        assertEquals(197, c.vision().tokens());
        assertEquals(3072, c.vision().mlpWidth());
    }

    @Test
    void givenSectionsWithSomeKeysKeepDefaultsForTheRest() {
        ClipConfig c = ClipConfig.fromJson("{\"model_cfg\": {\"embed_dim\": 40, \"quick_gelu\": true,"
                + " \"vision_cfg\": {\"image_size\": 56, \"patch_size\": 8, \"width\": 128, \"layers\": 2},"
                + " \"text_cfg\": {\"width\": 32, \"heads\": 2}},"
                + " \"preprocess_cfg\": {\"mean\": [0.5, 0.25, 0.125]}}");
        assertEquals(new VisionConfig(56, 8, 128, 2, 64, 4.0), c.vision());
        assertEquals(2, c.vision().heads());
        assertTrue(c.quickGelu());
        assertEquals(new TextConfig(77, 49408, 32, 2, 12, 4.0), c.text());
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.125f}, c.preprocess().mean());
        assertArrayEquals(new float[] {0.26862954f, 0.26130258f, 0.27577711f}, c.preprocess().std());
    }

    @Test
    void imageSizeMayBeASquarePair() {
        ClipConfig c = ClipConfig.fromJson("{\"model_cfg\": {\"embed_dim\": 8, \"vision_cfg\": {\"image_size\":"
                + " [32, 32], \"patch_size\": [8, 8], \"width\": 16, \"head_width\": 8}}}");
        assertEquals(32, c.vision().imageSize());
        assertEquals(8, c.vision().patchSize());
        assertEquals(17, c.vision().tokens());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipConfig.fromJson(
                "{\"model_cfg\": {\"embed_dim\": 8, \"vision_cfg\": {\"image_size\": [32, 16]}}}"));
        assertTrue(e.getMessage().contains("image_size") && e.getMessage().contains("square"), e.getMessage());
    }

    @Test
    void nullValuedFeatureKeysAreAccepted() {
        ClipConfig c = ClipConfig.fromJson("{\"model_cfg\": {\"embed_dim\": 8, \"vision_cfg\": {\"ls_init_value\":"
                + " null, \"timm_model_name\": null, \"attentional_pool\": false, \"pool_type\": \"tok\"},"
                + " \"text_cfg\": {\"hf_model_name\": null, \"pool_type\": \"argmax\", \"proj_type\": \"linear\","
                + " \"pad_id\": 0, \"act_kwargs\": {}}, \"custom_text\": false}}");
        assertEquals(8, c.embedDim());
    }

    static Stream<Arguments> refusedKeys() {
        return Stream.of(
                Arguments.of("vision_cfg", "ls_init_value", "1e-5"),
                Arguments.of("vision_cfg", "attentional_pool", "true"),
                Arguments.of("vision_cfg", "no_ln_pre", "true"),
                Arguments.of("vision_cfg", "final_ln_after_pool", "true"),
                Arguments.of("vision_cfg", "global_average_pool", "true"),
                Arguments.of("vision_cfg", "input_patchnorm", "true"),
                Arguments.of("vision_cfg", "embed_cls", "true"),
                Arguments.of("vision_cfg", "timm_model_name", "\"vit_base_patch16_224\""),
                Arguments.of("vision_cfg", "pool_type", "\"avg\""),
                Arguments.of("vision_cfg", "pos_embed_type", "\"sin_cos_2d\""),
                Arguments.of("vision_cfg", "act_kwargs", "{\"approximate\": \"tanh\"}"),
                Arguments.of("vision_cfg", "norm_kwargs", "{\"eps\": 1e-6}"),
                Arguments.of("text_cfg", "ls_init_value", "0.1"),
                Arguments.of("text_cfg", "hf_model_name", "\"roberta-base\""),
                Arguments.of("text_cfg", "embed_cls", "true"),
                Arguments.of("text_cfg", "no_causal_mask", "true"),
                Arguments.of("text_cfg", "final_ln_after_pool", "true"),
                Arguments.of("text_cfg", "proj_bias", "true"),
                Arguments.of("text_cfg", "pool_type", "\"last\""),
                Arguments.of("text_cfg", "proj_type", "\"mlp\""),
                Arguments.of("text_cfg", "pad_id", "1"),
                Arguments.of("text_cfg", "norm_kwargs", "{\"eps\": 1e-6}"),
                Arguments.of("model_cfg", "custom_text", "true"),
                Arguments.of("model_cfg", "init_logit_bias", "-10"),
                Arguments.of("preprocess_cfg", "interpolation", "\"bilinear\""),
                Arguments.of("preprocess_cfg", "resize_mode", "\"squash\""));
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("refusedKeys")
    void featuresWeDoNotComputeAreRefusedByName(String section, String key, String value) {
        String entry = "\"" + key + "\": " + value;
        String json = switch (section) {
            case "model_cfg" -> "{\"model_cfg\": {\"embed_dim\": 8, " + entry + "}}";
            case "preprocess_cfg" -> "{\"model_cfg\": {\"embed_dim\": 8}, \"preprocess_cfg\": {" + entry + "}}";
            default -> "{\"model_cfg\": {\"embed_dim\": 8, \"" + section + "\": {" + entry + "}}}";
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipConfig.fromJson(json));
        assertTrue(e.getMessage().contains(section + "." + key), e.getMessage());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }

    static Stream<Arguments> wronglyTypedValues() {
        return Stream.of(
                Arguments.of("preprocess_cfg", "mean", "\"red\""),
                Arguments.of("preprocess_cfg", "std", "[0.5, \"x\", 0.5]"),
                Arguments.of("vision_cfg", "width", "{\"a\": 1}"),
                Arguments.of("vision_cfg", "mlp_ratio", "\"four\""),
                Arguments.of("vision_cfg", "image_size", "[\"a\", \"b\"]"),
                Arguments.of("vision_cfg", "pool_type", "{\"a\": 1}"),
                Arguments.of("text_cfg", "layers", "[12]"),
                Arguments.of("text_cfg", "context_length", "true"));
    }

    /** A value of the wrong JSON type is a malformed config, reported with its key, not an internal error. */
    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("wronglyTypedValues")
    void wronglyTypedValuesAreRefusedByName(String section, String key, String value) {
        String entry = "\"" + key + "\": " + value;
        String json = section.equals("preprocess_cfg")
                ? "{\"model_cfg\": {\"embed_dim\": 8}, \"preprocess_cfg\": {" + entry + "}}"
                : "{\"model_cfg\": {\"embed_dim\": 8, \"" + section + "\": {" + entry + "}}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipConfig.fromJson(json));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void malformedConfigsAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClipConfig.fromJson("{\"model_cfg\": {}}"))
                .getMessage().contains("embed_dim"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClipConfig.fromJson("[1, 2]"))
                .getMessage().contains("JSON object"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClipConfig.fromJson(
                "{\"model_cfg\": {\"embed_dim\": 8, \"quick_gelu\": \"yes\"}}")).getMessage().contains("quick_gelu"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClipConfig.fromJson(
                "{\"model_cfg\": {\"embed_dim\": 8, \"vision_cfg\": {\"width\": 100, \"head_width\": 64}}}"))
                .getMessage().contains("head_width"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClipConfig.fromJson(
                "{\"model_cfg\": {\"embed_dim\": 8, \"vision_cfg\": {\"layers\": 2.5}}}"))
                .getMessage().contains("layers"));
    }

    @Test
    void toJsonRoundTrips() {
        for (ClipConfig c : new ClipConfig[] {TestModels.tiny(), TestModels.quickGelu(), TestModels.singleHead(),
                ClipConfig.fromJson("{\"model_cfg\": {\"embed_dim\": 512}}")}) {
            String json = c.toJson();
            assertEquals(c, ClipConfig.fromJson(json), json);
            assertEquals(json, ClipConfig.fromJson(json).toJson());
        }
        String json = TestModels.quickGelu().toJson();
        assertTrue(json.contains("\"quick_gelu\": true"), json);
        assertTrue(json.contains("\"head_width\": 12"), json);
        assertTrue(json.contains("\"mlp_ratio\": 2.0"), json);
    }
}
