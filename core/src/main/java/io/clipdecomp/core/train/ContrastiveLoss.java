package io.clipdecomp.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.model.GraphScalar;

/** CLIP's symmetric cross-entropy over the image-text similarity matrix, with a learnable temperature. */
final class ContrastiveLoss {
    private ContrastiveLoss() {
    }

    /**
     * Mean of the image-to-text and text-to-image cross-entropies, pair i being the positive of row i.
     *
     * @param images un-normalised image embeddings [B, d]
     * @param texts un-normalised text embeddings [B, d]
     * @param logitScale the log temperature, a 0-d parameter
     * @param manager where the temporaries live
     */
    static NDArray of(NDArray images, NDArray texts, NDArray logitScale, NDManager manager) {
        NDArray img = images.div(images.norm(new int[] {1}, true));
        NDArray txt = texts.div(texts.norm(new int[] {1}, true));
        NDArray scale = manager.zeros(logitScale.getShape()).add(logitScale).exp();
        NDArray logits = img.matMul(txt.transpose()).mul(scale); // [B, B]
        long b = logits.getShape().get(0);
        NDArray eye = manager.eye((int) b);
        NDArray imageToText = logits.logSoftmax(1).mul(eye).sum();
        NDArray textToImage = logits.logSoftmax(0).mul(eye).sum();
        return imageToText.add(textToImage).div(GraphScalar.of(manager, -2f * b));
    }
}
