package io.clipdecomp.core.train;

import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.PreprocessConfig;
import io.clipdecomp.core.model.TextConfig;
import io.clipdecomp.core.model.VisionConfig;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;

/**
 * Settings of a contrastive training run on the shapes world.
 *
 * @param seed weights, data order and evaluation images all follow from it
 * @param steps optimiser steps
 * @param batchSize image-caption pairs per step
 * @param learningRate peak AdamW learning rate (linear warm-up, then cosine decay to 10%)
 * @param warmupSteps steps of linear warm-up
 * @param weightDecay decoupled weight decay on matrices (not on gains, biases, embeddings, logit scale)
 * @param imageSize square image side; images are generated at this size
 * @param patchSize ViT patch side
 * @param visionWidth image tower width
 * @param visionLayers image tower blocks
 * @param visionHeadWidth width of one image attention head
 * @param textWidth text tower width
 * @param textLayers text tower blocks
 * @param textHeads text attention heads
 * @param embedDim joint embedding dimension
 * @param evalEvery steps between running validation evaluations (0: only at the end)
 * @param evalImages held-out images per validation evaluation
 * @param shapeFirstSteps steps of shape prompts only, first (the curriculum: see {@link ShapesBatches})
 * @param plainPromptSteps steps of plain shape, colour and background prompts after those
 * @param promptReplay share of plain prompts (shape, colour or background) among the captions after that
 */
public record TrainingConfig(long seed, int steps, int batchSize, double learningRate, int warmupSteps,
                             double weightDecay, int imageSize, int patchSize, int visionWidth, int visionLayers,
                             int visionHeadWidth, int textWidth, int textLayers, int textHeads, int embedDim,
                             int evalEvery, int evalImages, int shapeFirstSteps, int plainPromptSteps,
                             double promptReplay) {

    /** The bundled model's settings. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(7, 6000, 128, 2.5e-3, 60, 0.1, 64, 8, 96, 4, 24, 64, 2, 4, 64, 400, 512, 2000, 1000, 0.3);
    }

    /** The model architecture these settings train: OpenCLIP's, with the world's vocabulary. */
    public ClipConfig modelConfig() {
        return new ClipConfig(embedDim,
                new VisionConfig(imageSize, patchSize, visionWidth, visionLayers, visionHeadWidth, 4.0),
                new TextConfig(77, ShapesTokenizerJson.vocabSize(), textWidth, textHeads, textLayers, 4.0),
                false, PreprocessConfig.OPENAI);
    }
}
