package io.clipdecomp.core.model;

/** Argument checks shared by the config records, with messages in the config file's own key names. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }

    static void mlpWidth(String tower, int width, double mlpRatio) {
        if (!(mlpRatio > 0) || width * mlpRatio < 1) {
            throw new IllegalArgumentException(tower + ".mlp_ratio must be positive, got " + mlpRatio);
        }
    }
}
