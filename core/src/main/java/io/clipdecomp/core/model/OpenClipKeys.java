package io.clipdecomp.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The state-dict keys of an OpenCLIP ViT CLIP (old flat text layout) and the shape each must have. */
public final class OpenClipKeys {
    private OpenClipKeys() {
    }

    /** Every key the model reads, in a stable order, with its expected shape; a 0-d tensor has shape {}. */
    public static Map<String, long[]> expectedShapes(ClipConfig config) {
        VisionConfig v = config.vision();
        TextConfig t = config.text();
        long dv = v.width();
        long dt = t.width();
        Map<String, long[]> keys = new LinkedHashMap<>();
        keys.put("visual.class_embedding", new long[] {dv});
        keys.put("visual.positional_embedding", new long[] {v.tokens(), dv});
        keys.put("visual.conv1.weight", new long[] {dv, 3, v.patchSize(), v.patchSize()});
        keys.put("visual.ln_pre.weight", new long[] {dv});
        keys.put("visual.ln_pre.bias", new long[] {dv});
        for (int l = 0; l < v.layers(); l++) {
            block(keys, "visual.transformer.resblocks." + l + ".", dv, v.mlpWidth());
        }
        keys.put("visual.ln_post.weight", new long[] {dv});
        keys.put("visual.ln_post.bias", new long[] {dv});
        keys.put("visual.proj", new long[] {dv, config.embedDim()});
        keys.put("token_embedding.weight", new long[] {t.vocabSize(), dt});
        keys.put("positional_embedding", new long[] {t.contextLength(), dt});
        for (int l = 0; l < t.layers(); l++) {
            block(keys, "transformer.resblocks." + l + ".", dt, t.mlpWidth());
        }
        keys.put("ln_final.weight", new long[] {dt});
        keys.put("ln_final.bias", new long[] {dt});
        keys.put("text_projection", new long[] {dt, config.embedDim()});
        keys.put("logit_scale", new long[] {});
        return keys;
    }

    private static void block(Map<String, long[]> keys, String prefix, long width, long mlpWidth) {
        keys.put(prefix + "ln_1.weight", new long[] {width});
        keys.put(prefix + "ln_1.bias", new long[] {width});
        keys.put(prefix + "attn.in_proj_weight", new long[] {3 * width, width});
        keys.put(prefix + "attn.in_proj_bias", new long[] {3 * width});
        keys.put(prefix + "attn.out_proj.weight", new long[] {width, width});
        keys.put(prefix + "attn.out_proj.bias", new long[] {width});
        keys.put(prefix + "ln_2.weight", new long[] {width});
        keys.put(prefix + "ln_2.bias", new long[] {width});
        keys.put(prefix + "mlp.c_fc.weight", new long[] {mlpWidth, width});
        keys.put(prefix + "mlp.c_fc.bias", new long[] {mlpWidth});
        keys.put(prefix + "mlp.c_proj.weight", new long[] {width, mlpWidth});
        keys.put(prefix + "mlp.c_proj.bias", new long[] {width});
    }
}
