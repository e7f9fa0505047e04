package io.clipdecomp.core.model;

/**
 * Geometry of a CLIP text tower, in OpenCLIP's {@code text_cfg} terms.
 *
 * @param contextLength tokens per text (77 for CLIP)
 * @param vocabSize rows of the token embedding
 * @param width residual width
 * @param heads attention heads
 * @param layers residual blocks
 * @param mlpRatio MLP hidden width / width
 */
public record TextConfig(int contextLength, int vocabSize, int width, int heads, int layers, double mlpRatio) {

    public TextConfig {
        ConfigChecks.positive("text_cfg.context_length", contextLength);
        ConfigChecks.positive("text_cfg.vocab_size", vocabSize);
        ConfigChecks.positive("text_cfg.width", width);
        ConfigChecks.positive("text_cfg.heads", heads);
        ConfigChecks.positive("text_cfg.layers", layers);
        if (width % heads != 0) {
            throw new IllegalArgumentException("text_cfg.width " + width + " is not a multiple of heads " + heads);
        }
        ConfigChecks.mlpWidth("text_cfg", width, mlpRatio);
    }

    /** Width of one head. */
    public int headWidth() {
        return width / heads;
    }

    /** Hidden width of the MLP. */
    public int mlpWidth() {
        return (int) (width * mlpRatio);
    }
}
