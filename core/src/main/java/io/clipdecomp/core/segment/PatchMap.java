package io.clipdecomp.core.segment;

/**
 * One image's token map before upsampling: per image token (class token excluded), the predicted class's score minus
 * the mean over classes, summed over the selected layers and heads.
 *
 * @param predictedClass the class predicted from the full embedding
 * @param grid tokens per side g
 * @param values [g, g] row-major, the token grid's own order
 */
public record PatchMap(int predictedClass, int grid, float[] values) {
    public PatchMap {
        if (values.length != grid * grid) {
            throw new IllegalArgumentException("a " + grid + "x" + grid + " map cannot hold " + values.length + " values");
        }
    }
}
