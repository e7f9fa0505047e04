package io.clipdecomp.core.segment;

/**
 * PyTorch's {@code F.interpolate(x, scale_factor=k, mode="bilinear")} (align_corners false) of one [h, w] map, in
 * float32 as torch 1.13 computes it on the CPU.
 *
 * <p>Output pixel (y, x) reads source row {@code sy = (y + 0.5) / k - 0.5} clamped at 0 (torch uses {@code 1/k},
 * the given scale, not in/out sizes), rows {@code floor(sy)} and the next one (or the same at the edge), with weights
 * {@code 1 - λ} and {@code λ = sy - floor(sy)}; likewise for columns. Each output is
 * {@code (v00 w0 + v01 w1) h0 + (v10 w0 + v11 w1) h1}, the order torch's separable kernel sums in.
 */
public final class BilinearUpsample {
    private BilinearUpsample() {
    }

    /**
     * Upsamples {@code map} [height, width] (row-major) by the integer factor {@code factor}.
     *
     * @return [height * factor, width * factor] row-major
     */
    public static float[] byFactor(float[] map, int height, int width, int factor) {
        if (height <= 0 || width <= 0 || factor <= 0) {
            throw new IllegalArgumentException("upsampling needs positive sizes and factor, got " + height + "x"
                    + width + " by " + factor);
        }
        if (map.length != height * width) {
            throw new IllegalArgumentException("map has " + map.length + " values, not " + height + "x" + width);
        }
        int outH = height * factor;
        int outW = width * factor;
        float scale = (float) (1.0 / factor);
        Taps rows = Taps.of(outH, height, scale);
        Taps cols = Taps.of(outW, width, scale);
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            int r0 = rows.first[y] * width;
            int r1 = rows.second[y] * width;
            float h0 = rows.firstWeight[y];
            float h1 = rows.secondWeight[y];
            for (int x = 0; x < outW; x++) {
                int c0 = cols.first[x];
                int c1 = cols.second[x];
                float w0 = cols.firstWeight[x];
                float w1 = cols.secondWeight[x];
                float top = map[r0 + c0] * w0 + map[r0 + c1] * w1;
                float bottom = map[r1 + c0] * w0 + map[r1 + c1] * w1;
                out[y * outW + x] = top * h0 + bottom * h1;
            }
        }
        return out;
    }

    /** Source indices and weights along one axis (aten's compute_indices_weights_linear). */
    private record Taps(int[] first, int[] second, float[] firstWeight, float[] secondWeight) {
        static Taps of(int outSize, int inSize, float scale) {
            int[] first = new int[outSize];
            int[] second = new int[outSize];
            float[] w0 = new float[outSize];
            float[] w1 = new float[outSize];
            for (int i = 0; i < outSize; i++) {
                float real = scale * (i + 0.5f) - 0.5f;
                if (real < 0f) {
                    real = 0f;
                }
                int index = Math.min((int) Math.floor(real), inSize - 1);
                float lambda = Math.min(Math.max(real - index, 0f), 1f);
                first[i] = index;
                second[i] = index + (index < inSize - 1 ? 1 : 0);
                w0[i] = 1f - lambda;
                w1[i] = lambda;
            }
            return new Taps(first, second, w0, w1);
        }
    }
}
