package io.clipdecomp.core.model;

import io.clipdecomp.core.io.TensorStore;
import io.clipdecomp.core.io.WeightFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks that a checkpoint and its config describe the same model: every tensor the config implies is present
 * with its shape, no tensor is left unused, each tower has as many blocks as the config has layers, what no shape
 * shows (head count, activation) matches what the weights were saved with, and every value is finite. A model
 * that passed would otherwise give plausible but wrong numbers.
 */
final class WeightChecks {
    /** {@code __metadata__} keys recording what no tensor shape shows; we write them with every model we save. */
    static final String VISION_HEAD_WIDTH = "vision_cfg.head_width";
    static final String TEXT_HEADS = "text_cfg.heads";
    static final String QUICK_GELU = "model_cfg.quick_gelu";

    private static final String VISION_BLOCKS = "visual.transformer.resblocks.";
    private static final String TEXT_BLOCKS = "transformer.resblocks.";
    private static final String CONFIG = ModelFolder.CONFIG_FILE;
    private static final int UNUSED_NAMED = 3;

    private WeightChecks() {
    }

    /**
     * The metadata that lets a later load see a changed head count or activation: the attention weights
     * ({@code in_proj_weight} [3D, D]) have the same shape whatever the head width, so only this records it.
     */
    static Map<String, String> savedGeometry(ClipConfig config) {
        return Map.of(VISION_HEAD_WIDTH, String.valueOf(config.vision().headWidth()),
                TEXT_HEADS, String.valueOf(config.text().heads()),
                QUICK_GELU, String.valueOf(config.quickGelu()));
    }

    /**
     * Checks names, shapes, block counts and saved geometry, reading no tensor data.
     *
     * @param source the weights file or shard index, named where no single shard is to blame
     */
    static void checkLayout(TensorStore store, Path source, ClipConfig config) throws WeightFileException {
        checkSaved(store, source, VISION_HEAD_WIDTH, String.valueOf(config.vision().headWidth()),
                " (width " + config.vision().width() + " in " + config.vision().heads() + " heads)");
        checkSaved(store, source, TEXT_HEADS, String.valueOf(config.text().heads()), "");
        checkSaved(store, source, QUICK_GELU, String.valueOf(config.quickGelu()), "");
        checkBlocks(store, VISION_BLOCKS, "vision_cfg.layers", config.vision().layers());
        checkBlocks(store, TEXT_BLOCKS, "text_cfg.layers", config.text().layers());
        Map<String, long[]> expected = OpenClipKeys.expectedShapes(config);
        checkUnused(store, expected);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String key = e.getKey();
            if (!store.names().contains(key)) {
                throw new WeightFileException(source + ": tensor '" + key + "' is missing (expected shape "
                        + Arrays.toString(e.getValue()) + " from " + CONFIG + ")");
            }
            long[] actual = store.shape(key);
            if (!sameShape(key, actual, e.getValue())) {
                throw new WeightFileException(store.fileOf(key) + ": tensor '" + key + "' has shape "
                        + Arrays.toString(actual) + ", expected " + Arrays.toString(e.getValue()) + " from " + CONFIG);
            }
        }
    }

    /** Checks the layout, then reads every tensor once to check that its values are finite; keeps nothing. */
    static void checkAll(TensorStore store, Path source, ClipConfig config) throws IOException {
        checkLayout(store, source, config);
        for (String key : OpenClipKeys.expectedShapes(config).keySet()) {
            readFinite(store, key);
        }
    }

    /** The tensor's values as float32, refusing NaN and infinities, which would spread to every output. */
    static float[] readFinite(TensorStore store, String key) throws IOException {
        float[] values = store.readFloats(key);
        int nan = 0;
        int infinite = 0;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) {
                first = first < 0 ? i : first;
                if (Float.isNaN(v)) {
                    nan++;
                } else {
                    infinite++;
                }
            }
        }
        if (first >= 0) {
            throw new WeightFileException(store.fileOf(key) + ": tensor '" + key + "' holds " + nan + " NaN and "
                    + infinite + " infinite values among its " + values.length + " (the first at element " + first
                    + "): the weights are damaged; use an intact copy of the file");
        }
        return values;
    }

    private static void checkSaved(TensorStore store, Path source, String key, String configured, String detail)
            throws WeightFileException {
        String saved = store.metadata().get(key);
        if (saved != null && !saved.equals(configured)) {
            throw new WeightFileException(source + " was saved with " + key + " " + saved + " (its __metadata__), but "
                    + CONFIG + " says " + key + " " + configured + detail + ": the config and the weights describe "
                    + "different models; set " + key + " back to " + saved);
        }
    }

    /** The block count is the highest block index + 1; a config with fewer layers would silently skip blocks. */
    private static void checkBlocks(TensorStore store, String prefix, String configKey, int layers)
            throws WeightFileException {
        int highest = -1;
        String last = null;
        for (String name : store.names()) {
            int index = blockIndex(name, prefix);
            if (index > highest) {
                highest = index;
                last = name;
            }
        }
        if (highest >= 0 && highest + 1 != layers) {
            throw new WeightFileException(store.fileOf(last) + " holds " + (highest + 1) + " blocks, " + prefix
                    + "0 to " + prefix + highest + " (e.g. tensor '" + last + "'), but " + CONFIG + " says " + configKey
                    + " " + layers + ": the config and the weights describe different models; set " + configKey
                    + " to " + (highest + 1));
        }
    }

    /** The block number in {@code prefix<n>.rest}, or -1 if the name is not of that form. */
    private static int blockIndex(String name, String prefix) {
        if (!name.startsWith(prefix)) {
            return -1;
        }
        int dot = name.indexOf('.', prefix.length());
        String digits = name.substring(prefix.length(), dot < 0 ? name.length() : dot);
        if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    private static void checkUnused(TensorStore store, Map<String, long[]> expected) throws WeightFileException {
        List<String> unused = new ArrayList<>();
        for (String name : store.names()) {
            if (!expected.containsKey(name)) {
                unused.add(name);
            }
        }
        if (unused.isEmpty()) {
            return;
        }
        StringBuilder list = new StringBuilder();
        for (String name : unused.subList(0, Math.min(UNUSED_NAMED, unused.size()))) {
            list.append(list.length() == 0 ? "" : ", ").append('\'').append(name).append("' ")
                    .append(Arrays.toString(store.shape(name)));
        }
        if (unused.size() > UNUSED_NAMED) {
            list.append(" and ").append(unused.size() - UNUSED_NAMED).append(" more");
        }
        throw new WeightFileException(store.fileOf(unused.get(0)) + ": " + (unused.size() == 1
                ? "tensor " + list + " is" : unused.size() + " tensors (" + list + ") are")
                + " not part of the model " + CONFIG + " describes: the config and the weights describe different "
                + "models (or the file holds more than an OpenCLIP state dict)");
    }

    /** A 0-d logit_scale is also accepted as [1], which some exporters write. */
    private static boolean sameShape(String key, long[] actual, long[] expected) {
        if (Arrays.equals(actual, expected)) {
            return true;
        }
        return key.equals("logit_scale") && actual.length == 1 && actual[0] == 1;
    }
}
