package io.clipdecomp.core.decompose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ClipWeights;
import io.clipdecomp.core.model.VisionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits CLIP image embeddings exactly into the direct contributions of every layer, head, token and MLP
 * (the "projected residual stream" of the paper, spec §3).
 *
 * <p>ln_post is linear once the image's own mean μ and deviation σ are fixed, so it is distributed over
 * the terms: a term t becomes {@code ((t - μ/K) ⊙ g / σ + b/K) P / ||r||} with K = 2L+1 for each MLP-like term
 * and K = (2L+1)·N·H for each attention term (out_proj's bias split evenly over tokens and heads).
 * Instead of materialising per-token D-wide vectors, {@code W_O^h ⊙ g} and P are folded once into
 * {@code M[l,h] = (W_O^h)ᵀ diag(g) P} [hw, d], so the per-head terms cost a [B,H,hw]×[H,hw,d] product on top
 * of the forward pass. Dimension letters: B batch, L layers, H heads, N tokens, D width, hw head width,
 * d embedding, T texts.
 */
public final class ImageDecomposer implements AutoCloseable {
    private final ClipModel model;
    private final VisionConfig vision;
    private final NDManager constants;
    private final NDArray folded; // [L, H, hw, d]
    private final NDArray gainProjection; // diag(g) P [D, d]
    private final NDArray gainSum; // g P [d]
    private final NDArray biasSum; // b P [d]
    private final NDArray outBias; // b_O^l diag(g) P [L, d]

    public ImageDecomposer(ClipModel model) {
        this.model = model;
        this.vision = model.config().vision();
        this.constants = model.newBatchManager();
        ClipWeights w = model.weights();
        int layers = vision.layers();
        int heads = vision.heads();
        int hw = vision.headWidth();
        int width = vision.width();
        NDArray gain = copy(w, "visual.ln_post.weight");
        NDArray proj = copy(w, "visual.proj");
        gainProjection = gain.reshape(width, 1).mul(proj); // [D, d]
        gainSum = gain.matMul(proj);
        biasSum = copy(w, "visual.ln_post.bias").matMul(proj);
        NDList perLayer = new NDList();
        NDList biases = new NDList();
        for (int l = 0; l < layers; l++) {
            String p = "visual.transformer.resblocks." + l + ".attn.out_proj.";
            // out_proj input columns are head-major (h * hw + i)
            perLayer.add(copy(w, p + "weight").transpose().reshape(heads, hw, width).matMul(gainProjection));
            biases.add(copy(w, p + "bias").matMul(gainProjection));
        }
        folded = NDArrays.stack(perLayer);
        outBias = NDArrays.stack(biases);
    }

    /** A copy of a weight owned by this decomposer, so that arrays derived from it are freed with it. */
    private NDArray copy(ClipWeights w, String key) {
        NDArray a = w.get(key).duplicate();
        a.attach(constants);
        return a;
    }

    /** The model this decomposer reads. */
    public ClipModel model() {
        return model;
    }

    /**
     * Decomposes a batch of preprocessed images.
     *
     * @param pixels B images, each [3 * S * S] normalised CHW floats
     */
    public List<ImageDecomposition> decompose(List<float[]> pixels, DecompositionOptions options) {
        int s = vision.imageSize();
        try (NDManager batch = model.newBatchManager()) {
            NDArray input = batch.create(flatten(pixels, 3 * s * s), new Shape(pixels.size(), 3, s, s));
            return decompose(batch, input, options);
        }
    }

    /** Plain forward pass, for comparison: un-normalised embeddings [B][d]. */
    public float[][] embed(List<float[]> pixels) {
        int s = vision.imageSize();
        int d = model.config().embedDim();
        try (NDManager batch = model.newBatchManager()) {
            NDArray input = batch.create(flatten(pixels, 3 * s * s), new Shape(pixels.size(), 3, s, s));
            return rows(model.vision().encode(input).toFloatArray(), pixels.size(), d);
        }
    }

    /**
     * Scores every per-token term [L, N, H] of each image against its own predicted class minus the mean over
     * classes (the segmentation protocol, spec §9). With s_c = t·w_c that is t·(w_ĉ - mean_c w_c), one direction
     * per image, chosen from the embedding of the same forward pass: the C class scores of every term are never
     * formed, nor the [L, N, H, d] terms themselves.
     *
     * @param pixels B images, each [3 * S * S] normalised CHW floats
     * @param classes the class directions [C][d] (the columns of a zero-shot classifier)
     */
    public List<ClassContrastScores> classContrast(List<float[]> pixels, float[][] classes) {
        int s = vision.imageSize();
        try (NDManager batch = model.newBatchManager()) {
            NDArray input = batch.create(flatten(pixels, 3 * s * s), new Shape(pixels.size(), 3, s, s));
            return contrast(batch, forward(batch, input, true), classes);
        }
    }

    /** The class-contrast scores of a batch whose forward pass {@code f} recorded per-token outputs. */
    private List<ClassContrastScores> contrast(NDManager batch, Forward f, float[][] classes) {
        int d = model.config().embedDim();
        int layers = vision.layers();
        int heads = vision.heads();
        int tokens = vision.tokens();
        if (classes.length == 0) {
            throw new IllegalArgumentException("class contrast needs at least one class direction");
        }
        int b = (int) f.embedding.getShape().get(0);
        float[] flatClasses = flatten(Arrays.asList(classes), d);
        double[] meanClass = new double[d];
        for (float[] w : classes) {
            for (int j = 0; j < d; j++) {
                meanClass[j] += w[j];
            }
        }
        // argmax over the un-normalised embedding's class scores, as the original: [B, C]
        float[] logits = f.embedding.matMul(batch.create(flatClasses, new Shape(classes.length, d)).transpose())
                .toFloatArray();
        int[] predicted = new int[b];
        float[] directions = new float[b * d];
        for (int i = 0; i < b; i++) {
            int best = 0;
            for (int c = 1; c < classes.length; c++) {
                if (logits[i * classes.length + c] > logits[i * classes.length + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
            for (int j = 0; j < d; j++) {
                directions[i * d + j] = (float) (classes[best][j] - meanClass[j] / classes.length);
            }
        }
        NDArray dirs = batch.create(directions, new Shape(b, d)); // [B, d]
        NDArray dirsT = dirs.transpose(); // [d, B]
        NDArray projection = folded.matMul(dirsT).transpose(0, 1, 3, 2).expandDims(4); // [L, H, B, hw, 1]
        NDArray outBiasX = outBias.matMul(dirsT).transpose().expandDims(2); // [B, L, 1]
        NDArray shiftX = f.shift.mul(dirs).sum(new int[] {1}, true); // [B, 1]
        float[] scores = tokenTerms(f.rec, b, f.sigma, f.norm, projection, outBiasX, shiftX, tokenShare())
                .toFloatArray(); // [B, L, N, H, 1]
        int perImage = layers * tokens * heads;
        List<ClassContrastScores> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            out.add(new ClassContrastScores(predicted[i], layers, tokens, heads,
                    Arrays.copyOfRange(scores, i * perImage, (i + 1) * perImage)));
        }
        return out;
    }

    /** What every use of one forward pass needs: the recorded stream and ln_post's per-image constants. */
    private record Forward(ResidualStreamRecorder rec, NDArray embedding, NDArray sigma, NDArray norm, NDArray shift) {
    }

    /** Runs the forward pass with the recorder; the constants are attached to {@code batch} for its duration. */
    private Forward forward(NDManager batch, NDArray input, boolean perToken) {
        // results of operations on the constants must land in this batch, not accumulate in their manager
        new NDList(folded, gainProjection, gainSum, biasSum, outBias).tempAttach(batch);
        ResidualStreamRecorder rec = new ResidualStreamRecorder(batch, vision.layers(), perToken);
        NDArray embedding = model.vision().encode(input, rec); // [B, d]
        NDArray z = rec.pooled;
        NDArray mu = z.mean(new int[] {1}, true); // [B, 1]
        NDArray sigma = z.sub(mu).square().mean(new int[] {1}, true).add(1e-5f).sqrt(); // as ln_post computes it
        NDArray norm = embedding.norm(new int[] {1}, true); // [B, 1]
        // what every term receives besides its own (t ⊙ g P)/σ, per unit of share: b P - (μ/σ) g P  [B, d]
        NDArray shift = biasSum.sub(mu.div(sigma).mul(gainSum));
        return new Forward(rec, embedding, sigma, norm, shift);
    }

    private List<ImageDecomposition> decompose(NDManager batch, NDArray input, DecompositionOptions options) {
        int layers = vision.layers();
        int heads = vision.heads();
        int tokens = vision.tokens();
        int d = model.config().embedDim();
        int b = (int) input.getShape().get(0);
        boolean perToken = options.spatial() || options.textCount() > 0 || options.contrastClasses() != null;
        Forward f = forward(batch, input, perToken);
        ResidualStreamRecorder rec = f.rec;
        NDArray embedding = f.embedding;
        NDArray sigma = f.sigma;
        NDArray norm = f.norm;
        NDArray shift = f.shift;
        float mlpShare = mlpShare();
        float headShare = headShare();
        float tokenShare = tokenShare();
        NDArray sigma4 = sigma.reshape(b, 1, 1, 1);
        NDArray norm4 = norm.reshape(b, 1, 1, 1);

        // per-head terms summed over tokens: o_h M[l,h] + b_O gP / H, then the shares
        NDArray headOut = NDArrays.stack(new NDList(rec.headOutputs)).transpose(0, 2, 1, 3); // [L, H, B, hw]
        NDArray headTerms = headOut.matMul(folded).transpose(2, 0, 1, 3) // [B, L, H, d]
                .add(outBias.reshape(1, layers, 1, d).div(heads))
                .div(sigma4)
                .add(shift.reshape(b, 1, 1, d).mul(headShare))
                .div(norm4);

        NDList mlpRows = new NDList(rec.lnPre);
        mlpRows.addAll(new NDList(rec.mlps));
        NDArray mlpTerms = NDArrays.stack(mlpRows, 1).matMul(gainProjection) // [B, L+1, d]
                .div(sigma.reshape(b, 1, 1))
                .add(shift.reshape(b, 1, d).mul(mlpShare))
                .div(norm.reshape(b, 1, 1));

        NDArray self = NDArrays.stack(new NDList(rec.selfAttention)).transpose(0, 2, 1, 3); // [L, H, B, hw]
        NDArray clsAttn = self.matMul(folded).transpose(2, 0, 1, 3) // [B, L, H, d]
                .add(outBias.reshape(1, layers, 1, d).div(heads * tokens))
                .div(sigma4)
                .add(shift.reshape(b, 1, 1, d).mul(tokenShare))
                .div(norm4)
                .sum(new int[] {2}); // [B, L, d]

        float[] spatial = null;
        float[] scores = null;
        if (options.spatial()) {
            spatial = tokenTerms(rec, b, sigma, norm, folded, outBias, shift, tokenShare).toFloatArray();
        }
        if (options.textCount() > 0) {
            // project onto the texts before the tokens multiply out: [hw, T] per head instead of [hw, d]
            NDArray textsT = batch.create(flatten(Arrays.asList(options.textDirections()), d),
                    new Shape(options.textCount(), d)).transpose();
            scores = tokenTerms(rec, b, sigma, norm, folded.matMul(textsT), outBias.matMul(textsT),
                    shift.matMul(textsT), tokenShare).toFloatArray(); // [B, L, N, H, T]
        }

        List<ClassContrastScores> contrast = options.contrastClasses() == null ? null
                : contrast(batch, f, options.contrastClasses());
        float[] emb = embedding.toFloatArray();
        float[] norms = norm.toFloatArray();
        float[] headArr = headTerms.toFloatArray();
        float[] mlpArr = mlpTerms.toFloatArray();
        float[] clsArr = clsAttn.toFloatArray();
        int headLen = layers * heads * d;
        int mlpLen = (layers + 1) * d;
        int clsLen = layers * d;
        int spatialLen = layers * tokens * heads * d;
        int scoreLen = layers * tokens * heads * options.textCount();
        List<ImageDecomposition> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            out.add(new ImageDecomposition(layers, heads, tokens, d,
                    Arrays.copyOfRange(emb, i * d, (i + 1) * d), norms[i],
                    Arrays.copyOfRange(headArr, i * headLen, (i + 1) * headLen),
                    Arrays.copyOfRange(mlpArr, i * mlpLen, (i + 1) * mlpLen),
                    Arrays.copyOfRange(clsArr, i * clsLen, (i + 1) * clsLen),
                    spatial == null ? null : Arrays.copyOfRange(spatial, i * spatialLen, (i + 1) * spatialLen),
                    scores == null ? null : Arrays.copyOfRange(scores, i * scoreLen, (i + 1) * scoreLen),
                    options.textCount(), contrast == null ? null : contrast.get(i)));
        }
        return out;
    }

    /**
     * Per-token terms projected on X directions [B, L, N, H, X]: A[0,n] v_n P[l,h] + b[l]/(NH), then the shares.
     * With P = M, b = b_O gP and X = d these are the terms themselves; with everything multiplied by text
     * directions on the right (X = T) they are the terms' scores against those texts.
     *
     * @param projection [L, H, hw, X] for every image, or [L, H, B, hw, X] per image
     * @param outBiasX out_proj bias through ln_post and the projection: [L, X], or [B, L, X] per image
     * @param shiftX the per-image constant share [B, X]
     */
    private NDArray tokenTerms(ResidualStreamRecorder rec, int b, NDArray sigma, NDArray norm, NDArray projection,
                               NDArray outBiasX, NDArray shiftX, float tokenShare) {
        int layers = vision.layers();
        int heads = vision.heads();
        int tokens = vision.tokens();
        int hw = vision.headWidth();
        boolean perImage = projection.getShape().dimension() == 5;
        long x = projection.getShape().get(perImage ? 4 : 3);
        // 1/(σ‖e‖) goes into the small [B, H, N, hw] factors and the constants into one [B, L, X] array, so the
        // large output (58 MB an image for ViT-B-16) is written by the product, its transpose and one addition
        NDArray scale = sigma.mul(norm).reshape(b, 1, 1, 1);
        NDList weighted = new NDList();
        for (int l = 0; l < layers; l++) {
            weighted.add(rec.probs[l].expandDims(3).mul(rec.values[l]).div(scale) // [B, H, N, hw]
                    .transpose(1, 0, 2, 3).reshape(heads, (long) b * tokens, hw));
        }
        NDArray stacked = NDArrays.stack(weighted); // [L, H, B*N, hw]
        NDArray projected = perImage
                ? stacked.reshape(layers, heads, b, tokens, hw).matMul(projection) // [L, H, B, N, X]
                : stacked.matMul(projection); // [L, H, B*N, X]
        // what every token term receives besides its own product: (b[l]/(NH)/σ + share · shift)/‖e‖  [B, L, X]
        NDArray constant = outBiasX.div(heads * tokens).reshape(perImage ? b : 1, layers, x)
                .div(sigma.reshape(b, 1, 1))
                .add(shiftX.reshape(b, 1, x).mul(tokenShare))
                .div(norm.reshape(b, 1, 1));
        return projected.reshape(layers, heads, b, tokens, x).transpose(2, 0, 3, 1, 4) // [B, L, N, H, X]
                .add(constant.reshape(b, layers, 1, 1, x));
    }

    /** The share of ln_post's constants each MLP-like term receives: 1/(2L+1). */
    private float mlpShare() {
        return 1f / (2 * vision.layers() + 1);
    }

    /** The share each per-head term receives: 1/((2L+1) H). */
    private float headShare() {
        return mlpShare() / vision.heads();
    }

    /** The share each per-token term receives: 1/((2L+1) H N). */
    private float tokenShare() {
        return headShare() / vision.tokens();
    }

    private static float[] flatten(List<float[]> rows, int width) {
        float[] flat = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            float[] r = rows.get(i);
            if (r.length != width) {
                throw new IllegalArgumentException("row " + i + " has " + r.length + " values, expected " + width);
            }
            System.arraycopy(r, 0, flat, i * width, width);
        }
        return flat;
    }

    private static float[][] rows(float[] flat, int n, int width) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    @Override
    public void close() {
        constants.close();
    }
}
