package io.clipdecomp.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ClipWeights;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.text.ClipTokenizer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Trains a small CLIP contrastively on the shapes world with DJL's autograd, through the very forward pass
 * used for inference and decomposition (one implementation of the model, not two).
 */
public final class TinyClipTrainer {
    /** CLIP caps the temperature at 100. */
    private static final float MAX_LOGIT_SCALE = (float) Math.log(100);
    /** Global gradient-norm clip: keeps the first steps of a fresh transformer from diverging. */
    private static final double MAX_GRADIENT_NORM = 1.0;
    /** Consecutive non-finite steps tolerated before training is declared diverged. */
    private static final int MAX_SKIPPED_STEPS = 20;
    /** Validation scenes come from a seed no training scene uses. */
    static final long VALIDATION_SEED_OFFSET = 1_000_003;

    private final TrainingConfig config;
    private final ClipTokenizer tokenizer;

    /**
     * One report of progress.
     *
     * @param step steps done
     * @param loss contrastive loss of the last step
     * @param learningRate the rate used by the last step
     * @param temperature exp(logit_scale)
     * @param validation zero-shot accuracy on held-out scenes, or null when not evaluated at this step
     * @param seconds wall time since the start
     * @param skippedSteps steps so far whose loss or gradient was not finite, and whose update was dropped
     */
    public record Progress(int step, double loss, double learningRate, double temperature,
                           ZeroShotEvaluation.Accuracy validation, double seconds, int skippedSteps) {
    }

    /**
     * @param tokenizer the world's tokenizer (its vocabulary must match the config's)
     */
    public TinyClipTrainer(TrainingConfig config, ClipTokenizer tokenizer) {
        this.config = config;
        this.tokenizer = tokenizer;
    }

    /** Trains from the seed's initialisation and returns the model; {@code listener} sees every step. */
    public ClipModel train(Consumer<Progress> listener) {
        ClipConfig modelConfig = config.modelConfig();
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) config.seed());
        NDManager manager = engine.newBaseManager(Device.cpu());
        ClipModel model = ClipModel.of(ClipWeights.initialised(modelConfig, config.seed(), manager));
        Map<String, NDArray> parameters = model.weights().asMap();
        Set<String> decayed = new HashSet<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            e.getValue().setRequiresGradient(true);
            if (e.getValue().getShape().dimension() >= 2 && !e.getKey().contains("embedding")) {
                decayed.add(e.getKey());
            }
        }
        AdamW optimizer = new AdamW(parameters, decayed, config.weightDecay());
        NDArray logitScale = parameters.get("logit_scale");
        int s = modelConfig.vision().imageSize();
        ShapesBatches batches = new ShapesBatches(config.seed(), ClipImagePreprocessor.forModel(modelConfig),
                tokenizer, config.shapeFirstSteps(), config.plainPromptSteps(), config.promptReplay());
        long start = System.nanoTime();
        int skippedInARow = 0;
        int skipped = 0;
        for (int step = 1; step <= config.steps(); step++) {
            ShapesBatches.Batch batch = batches.next(config.batchSize());
            double loss;
            try (NDManager scope = model.newBatchManager(); GradientCollector collector = engine.newGradientCollector()) {
                NDArray pixels = scope.create(batch.pixels(), new Shape(config.batchSize(), 3, s, s));
                NDArray images = model.vision().encode(pixels);
                NDArray texts = model.text().encode(scope, batch.tokens());
                NDArray value = ContrastiveLoss.of(images, texts, logitScale, scope);
                collector.backward(value);
                loss = value.getFloat();
            }
            double lr = learningRate(step);
            double norm = clipGradients(manager, parameters);
            if (Double.isFinite(loss) && Double.isFinite(norm)) {
                optimizer.step(lr);
                skippedInARow = 0;
            } else {
                // an overflow in one batch must not poison the weights: drop this step's gradients
                zeroGradients(manager, parameters);
                skipped++;
                if (++skippedInARow > MAX_SKIPPED_STEPS) {
                    throw new IllegalStateException("training diverged: " + skippedInARow
                            + " steps in a row had a non-finite loss or gradient (step " + step + ")");
                }
            }
            float scale = logitScale.getFloat();
            if (scale > MAX_LOGIT_SCALE) {
                logitScale.set(new float[] {MAX_LOGIT_SCALE});
            }
            ZeroShotEvaluation.Accuracy validation = null;
            if (step == config.steps() || (config.evalEvery() > 0 && step % config.evalEvery() == 0)) {
                validation = validate(model);
            }
            listener.accept(new Progress(step, loss, lr, Math.exp(logitScale.getFloat()), validation,
                    (System.nanoTime() - start) / 1e9, skipped));
        }
        for (NDArray p : parameters.values()) {
            p.setRequiresGradient(false);
        }
        return model;
    }

    /** Zero-shot accuracy on the config's held-out validation scenes. */
    public ZeroShotEvaluation.Accuracy validate(ClipModel model) {
        return ZeroShotEvaluation.evaluate(model, tokenizer, config.seed() + VALIDATION_SEED_OFFSET,
                config.evalImages());
    }

    /** Linear warm-up to the peak, then cosine decay to a tenth of it. */
    double learningRate(int step) {
        double peak = config.learningRate();
        if (step <= config.warmupSteps()) {
            return peak * step / Math.max(1, config.warmupSteps());
        }
        double progress = (step - config.warmupSteps()) / (double) Math.max(1, config.steps() - config.warmupSteps());
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    /** Scales all gradients down to a global norm of at most {@link #MAX_GRADIENT_NORM}; returns the norm before. */
    private static double clipGradients(NDManager manager, Map<String, NDArray> parameters) {
        try (NDManager scope = manager.newSubManager()) {
            double total = 0;
            for (NDArray p : parameters.values()) {
                NDArray g = p.getGradient();
                g.attach(scope);
                total += g.square().sum().getFloat();
            }
            double norm = Math.sqrt(total);
            if (norm > MAX_GRADIENT_NORM && Double.isFinite(norm)) {
                for (NDArray p : parameters.values()) {
                    NDArray g = p.getGradient();
                    g.attach(scope);
                    g.muli((float) (MAX_GRADIENT_NORM / norm));
                }
            }
            return norm;
        }
    }

    private static void zeroGradients(NDManager manager, Map<String, NDArray> parameters) {
        try (NDManager scope = manager.newSubManager()) {
            for (NDArray p : parameters.values()) {
                NDArray g = p.getGradient();
                g.attach(scope);
                g.set(new NDIndex("..."), 0); // not g * 0, which keeps NaN
            }
        }
    }
}
