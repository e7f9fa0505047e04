package io.clipdecomp.core.train;

import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.shapes.CaptionWriter;
import io.clipdecomp.core.shapes.Scene;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneObject;
import io.clipdecomp.core.shapes.SceneSpec;
import io.clipdecomp.core.text.ClipTokenizer;
import java.util.SplittableRandom;

/**
 * An endless stream of (image, caption) training batches from the shapes world, scene i after scene i-1,
 * with a curriculum: shape first, then every plain prompt, then full captions.
 *
 * <p>Why: colour and background are read off any patch, shape only from how patches fit together. Whenever
 * captions can be matched by colour or background, the towers settle on those and the shape words never
 * separate (measured: shape at chance after 3000 steps of full captions, and still at 12% after 1200 steps
 * of half shape, half background prompts, while background passed 99%); contrastive learning is known to
 * suppress hard features behind easy ones. So the first stage pairs one-object scenes with "a photo of a
 * {shape}." only. The second pairs them with one plain prompt of shape, colour or background at random:
 * once shape is learnt it is kept, and background kinds, which full captions name in only a quarter of
 * scenes, are learnt while the learning rate is still high (learnt only late, they stayed at 74%). Full
 * captions follow, with a share of plain prompts kept so no attribute is traded away.
 *
 * <p>On the finer 8x8 grid of the bundled model (patch 8 instead of 16) shape is slower to form, since each patch
 * sees less of the outline: after 1000 shape-only steps validation shape accuracy was 74%, and it collapsed once
 * colour and background prompts arrived. The bundled model therefore has 2000 shape-only steps (95% at their end;
 * it dips to 86% when the plain stage starts and recovers), and a plain stage of 1000 steps that ends while the
 * learning rate is still about 1.4e-3 (peak 2.5e-3): colour and background are learnt there (98% and 90% at its
 * end), which later, at a lower rate, they were not.
 */
final class ShapesBatches {
    private final long seed;
    private final ClipImagePreprocessor preprocessor;
    private final ClipTokenizer tokenizer;
    private final int shapeFirstSteps;
    private final int plainPromptSteps;
    private final double promptReplay;
    private final SplittableRandom captionChoice;
    private long next;
    private int batches;

    /** One batch: normalised pixels [B * 3 * S * S] and caption token ids [B][context]. */
    record Batch(float[] pixels, long[][] tokens) {
    }

    /**
     * @param shapeFirstSteps batches of shape prompts only, first
     * @param plainPromptSteps batches of plain shape, colour and background prompts after those
     * @param promptReplay share of plain prompts among later captions
     */
    ShapesBatches(long seed, ClipImagePreprocessor preprocessor, ClipTokenizer tokenizer, int shapeFirstSteps,
                  int plainPromptSteps, double promptReplay) {
        this.seed = seed;
        this.preprocessor = preprocessor;
        this.tokenizer = tokenizer;
        this.shapeFirstSteps = shapeFirstSteps;
        this.plainPromptSteps = plainPromptSteps;
        this.promptReplay = promptReplay;
        this.captionChoice = new SplittableRandom(seed ^ 0x5EEDC0DEL);
    }

    Batch next(int batchSize) {
        boolean shapeOnly = batches < shapeFirstSteps;
        boolean plainOnly = batches++ < shapeFirstSteps + plainPromptSteps;
        int s = preprocessor.size();
        float[] pixels = new float[batchSize * 3 * s * s];
        long[][] tokens = new long[batchSize][];
        for (int i = 0; i < batchSize; i++) {
            boolean plain = plainOnly || captionChoice.nextDouble() < promptReplay;
            Scene scene = SceneGenerator.render(seed, next++, s,
                    plain ? SceneSpec.any().withObjectCount(1) : SceneSpec.any());
            System.arraycopy(preprocessor.toPixels(scene.image(), ColourConversion.BEFORE_RESIZE), 0, pixels,
                    i * 3 * s * s, 3 * s * s);
            String caption = plain ? plainPrompt(scene, shapeOnly ? 0 : captionChoice.nextInt(3)) : scene.caption();
            tokens[i] = tokenizer.encode(caption);
        }
        return new Batch(pixels, tokens);
    }

    /** The zero-shot prompt of a one-object scene for attribute 0 (shape), 1 (colour) or 2 (background). */
    private static String plainPrompt(Scene scene, int attribute) {
        SceneObject object = scene.objects().get(0);
        return switch (attribute) {
            case 0 -> CaptionWriter.shapePrompts().get(object.shape().ordinal());
            case 1 -> CaptionWriter.colourPrompts().get(object.colour().ordinal());
            default -> CaptionWriter.backgroundPrompts().get(scene.background().ordinal());
        };
    }
}
