package io.clipdecomp.core.model;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;

/**
 * A second, deliberately plain implementation of CLIP and of the decomposition: double precision, loops,
 * per-token terms materialised in D dimensions exactly as the spec writes them (§3). Tests compare the
 * DJL path against it.
 */
public final class PlainClip {
    private final ClipConfig config;
    private final Map<String, double[]> w = new HashMap<>();

    public PlainClip(ClipWeights weights) {
        this.config = weights.config();
        for (Map.Entry<String, NDArray> e : weights.asMap().entrySet()) {
            float[] f = e.getValue().toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            w.put(e.getKey(), d);
        }
    }

    /** Result of the plain image forward and decomposition; arrays flat and row-major like ImageDecomposition. */
    public record Result(double[] embedding, double[] spatial, double[] heads, double[] mlps, double[] clsAttn) {
    }

    /** Embedding and decomposition of one image, pixels [3, S, S]. */
    public Result image(float[] pixels) {
        VisionConfig v = config.vision();
        int dw = v.width();
        int n = v.tokens();
        int g = v.grid();
        int p = v.patchSize();
        int s = v.imageSize();
        int heads = v.heads();
        int hw = v.headWidth();
        int layers = v.layers();
        double[][] x = new double[n][dw];
        double[] conv = w.get("visual.conv1.weight");
        double[] pos = w.get("visual.positional_embedding");
        double[] cls = w.get("visual.class_embedding");
        for (int o = 0; o < dw; o++) {
            x[0][o] = cls[o] + pos[o];
        }
        for (int gy = 0; gy < g; gy++) {
            for (int gx = 0; gx < g; gx++) {
                int t = 1 + gy * g + gx;
                for (int o = 0; o < dw; o++) {
                    double acc = 0;
                    for (int c = 0; c < 3; c++) {
                        for (int ky = 0; ky < p; ky++) {
                            for (int kx = 0; kx < p; kx++) {
                                acc += conv[((o * 3 + c) * p + ky) * p + kx]
                                        * pixels[(c * s + gy * p + ky) * s + gx * p + kx];
                            }
                        }
                    }
                    x[t][o] = acc + pos[t * dw + o];
                }
            }
        }
        for (int t = 0; t < n; t++) {
            x[t] = layerNorm(x[t], "visual.ln_pre");
        }
        double[][][][] terms = new double[layers][n][heads][]; // raw per-token attention terms in D
        double[][] mlpRaw = new double[layers + 1][];
        mlpRaw[0] = x[0].clone();
        for (int l = 0; l < layers; l++) {
            String prefix = "visual.transformer.resblocks." + l + ".";
            BlockTrace trace = block(x, prefix, heads, false);
            double[] outW = w.get(prefix + "attn.out_proj.weight");
            double[] outB = w.get(prefix + "attn.out_proj.bias");
            for (int m = 0; m < n; m++) {
                for (int h = 0; h < heads; h++) {
                    double[] term = new double[dw];
                    for (int o = 0; o < dw; o++) {
                        double acc = 0;
                        for (int i = 0; i < hw; i++) {
                            acc += outW[o * dw + h * hw + i] * trace.values[h][m][i];
                        }
                        term[o] = trace.probs[h][0][m] * acc + outB[o] / (n * heads);
                    }
                    terms[l][m][h] = term;
                }
            }
            mlpRaw[l + 1] = trace.mlpCls;
            x = trace.out;
        }
        double[] z = x[0];
        double mu = mean(z);
        double sigma = Math.sqrt(variance(z, mu) + 1e-5);
        double[] embedding = matVec(layerNorm(z, "visual.ln_post"), w.get("visual.proj"), dw, config.embedDim());
        double norm = 0;
        for (double e : embedding) {
            norm += e * e;
        }
        norm = Math.sqrt(norm);
        int d = config.embedDim();
        int k = 2 * layers + 1;
        double[] spatial = new double[layers * n * heads * d];
        double[] headSum = new double[layers * heads * d];
        double[] clsAttn = new double[layers * d];
        for (int l = 0; l < layers; l++) {
            for (int m = 0; m < n; m++) {
                for (int h = 0; h < heads; h++) {
                    double[] t = project(terms[l][m][h], mu, sigma, (double) k * n * heads, norm);
                    for (int j = 0; j < d; j++) {
                        spatial[((l * n + m) * heads + h) * d + j] = t[j];
                        headSum[(l * heads + h) * d + j] += t[j];
                        if (m == 0) {
                            clsAttn[l * d + j] += t[j];
                        }
                    }
                }
            }
        }
        double[] mlps = new double[(layers + 1) * d];
        for (int j = 0; j <= layers; j++) {
            System.arraycopy(project(mlpRaw[j], mu, sigma, k, norm), 0, mlps, j * d, d);
        }
        return new Result(embedding, spatial, headSum, mlps, clsAttn);
    }

    /** Un-normalised text embedding of one row of token ids (pooled at the first largest id). */
    public double[] text(long[] ids) {
        TextConfig t = config.text();
        int dw = t.width();
        int eot = 0;
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] > ids[eot]) {
                eot = i;
            }
        }
        int n = ids.length;
        double[][] x = new double[n][dw];
        double[] emb = w.get("token_embedding.weight");
        double[] pos = w.get("positional_embedding");
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < dw; o++) {
                x[i][o] = emb[(int) ids[i] * dw + o] + pos[i * dw + o];
            }
        }
        for (int l = 0; l < t.layers(); l++) {
            x = block(x, "transformer.resblocks." + l + ".", t.heads(), true).out;
        }
        return matVec(layerNorm(x[eot], "ln_final"), w.get("text_projection"), dw, config.embedDim());
    }

    private record BlockTrace(double[][] out, double[][][] probs, double[][][] values, double[] mlpCls) {
    }

    private BlockTrace block(double[][] x, String prefix, int heads, boolean causal) {
        int n = x.length;
        int dw = x[0].length;
        int hw = dw / heads;
        double[] inW = w.get(prefix + "attn.in_proj_weight");
        double[] inB = w.get(prefix + "attn.in_proj_bias");
        double[][] qkv = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] h = layerNorm(x[t], prefix + "ln_1");
            qkv[t] = new double[3 * dw];
            for (int o = 0; o < 3 * dw; o++) {
                double acc = inB[o];
                for (int i = 0; i < dw; i++) {
                    acc += inW[o * dw + i] * h[i];
                }
                qkv[t][o] = acc;
            }
        }
        double[][][] probs = new double[heads][n][n];
        double[][][] values = new double[heads][n][hw];
        double[][] merged = new double[n][dw];
        for (int h = 0; h < heads; h++) {
            for (int m = 0; m < n; m++) {
                for (int i = 0; i < hw; i++) {
                    values[h][m][i] = qkv[m][2 * dw + h * hw + i];
                }
            }
            for (int q = 0; q < n; q++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] sc = new double[n];
                for (int m = 0; m < n; m++) {
                    if (causal && m > q) {
                        sc[m] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double acc = 0;
                    for (int i = 0; i < hw; i++) {
                        acc += qkv[q][h * hw + i] * qkv[m][dw + h * hw + i];
                    }
                    sc[m] = acc / Math.sqrt(hw);
                    max = Math.max(max, sc[m]);
                }
                double sum = 0;
                for (int m = 0; m < n; m++) {
                    sc[m] = Math.exp(sc[m] - max);
                    sum += sc[m];
                }
                for (int m = 0; m < n; m++) {
                    probs[h][q][m] = sc[m] / sum;
                    for (int i = 0; i < hw; i++) {
                        merged[q][h * hw + i] += probs[h][q][m] * values[h][m][i];
                    }
                }
            }
        }
        double[] outW = w.get(prefix + "attn.out_proj.weight");
        double[] outB = w.get(prefix + "attn.out_proj.bias");
        double[][] out = new double[n][];
        double[] mlpCls = null;
        for (int t = 0; t < n; t++) {
            double[] a = new double[dw];
            for (int o = 0; o < dw; o++) {
                double acc = outB[o];
                for (int i = 0; i < dw; i++) {
                    acc += outW[o * dw + i] * merged[t][i];
                }
                a[o] = x[t][o] + acc;
            }
            double[] m = mlp(layerNorm(a, prefix + "ln_2"), prefix);
            if (t == 0) {
                mlpCls = m;
            }
            for (int o = 0; o < dw; o++) {
                a[o] += m[o];
            }
            out[t] = a;
        }
        return new BlockTrace(out, probs, values, mlpCls);
    }

    private double[] mlp(double[] h, String prefix) {
        double[] fcW = w.get(prefix + "mlp.c_fc.weight");
        double[] fcB = w.get(prefix + "mlp.c_fc.bias");
        double[] prW = w.get(prefix + "mlp.c_proj.weight");
        double[] prB = w.get(prefix + "mlp.c_proj.bias");
        int dw = h.length;
        int hidden = fcB.length;
        double[] a = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            double acc = fcB[j];
            for (int i = 0; i < dw; i++) {
                acc += fcW[j * dw + i] * h[i];
            }
            a[j] = config.quickGelu() ? acc / (1 + Math.exp(-1.702 * acc)) : 0.5 * acc * (1 + erf(acc / Math.sqrt(2)));
        }
        double[] out = new double[dw];
        for (int o = 0; o < dw; o++) {
            double acc = prB[o];
            for (int j = 0; j < hidden; j++) {
                acc += prW[o * hidden + j] * a[j];
            }
            out[o] = acc;
        }
        return out;
    }

    /** Spec §3: ((t - μ/K) ⊙ g / σ + b/K) P / ||r||. */
    private double[] project(double[] t, double mu, double sigma, double share, double norm) {
        double[] g = w.get("visual.ln_post.weight");
        double[] b = w.get("visual.ln_post.bias");
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = (t[i] - mu / share) * g[i] / sigma + b[i] / share;
        }
        double[] out = matVec(y, w.get("visual.proj"), t.length, config.embedDim());
        for (int j = 0; j < out.length; j++) {
            out[j] /= norm;
        }
        return out;
    }

    private double[] layerNorm(double[] x, String name) {
        double mu = mean(x);
        double sigma = Math.sqrt(variance(x, mu) + 1e-5);
        double[] g = w.get(name + ".weight");
        double[] b = w.get(name + ".bias");
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mu) / sigma * g[i] + b[i];
        }
        return y;
    }

    /** x [in] @ m [in, out]. */
    private static double[] matVec(double[] x, double[] m, int in, int out) {
        double[] y = new double[out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                y[j] += x[i] * m[i * out + j];
            }
        }
        return y;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x, double mu) {
        double s = 0;
        for (double v : x) {
            s += (v - mu) * (v - mu);
        }
        return s / x.length;
    }

    /** erf by its Taylor series for |x| < 3 and the continued fraction of erfc beyond: ~1e-15. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            for (int k = 1; k < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
                term *= -ax * ax / k;
                sum += term / (2 * k + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = ax;
            for (int k = 60; k >= 1; k--) {
                f = ax + (k / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }
}
