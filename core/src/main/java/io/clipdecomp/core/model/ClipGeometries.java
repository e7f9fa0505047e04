package io.clipdecomp.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** OpenCLIP's ViT geometries by name (spec §1), for random-weight models in benchmarks. */
public final class ClipGeometries {
    private static final Map<String, ClipConfig> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("ViT-B-16", new ClipConfig(512, new VisionConfig(224, 16, 768, 12, 64, 4.0),
                new TextConfig(77, 49408, 512, 8, 12, 4.0), false, PreprocessConfig.OPENAI));
        BY_NAME.put("ViT-L-14", new ClipConfig(768, new VisionConfig(224, 14, 1024, 24, 64, 4.0),
                new TextConfig(77, 49408, 768, 12, 12, 4.0), false, PreprocessConfig.OPENAI));
        BY_NAME.put("ViT-H-14", new ClipConfig(1024, new VisionConfig(224, 14, 1280, 32, 80, 4.0),
                new TextConfig(77, 49408, 1024, 16, 24, 4.0), false, PreprocessConfig.OPENAI));
    }

    private ClipGeometries() {
    }

    /** The configuration of a named geometry; fails listing the known names. */
    public static ClipConfig named(String name) {
        ClipConfig c = BY_NAME.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown geometry '" + name + "'; known: " + BY_NAME.keySet());
        }
        return c;
    }
}
