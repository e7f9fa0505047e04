package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.DjlRuntime;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.train.ModelCard;
import io.clipdecomp.core.train.TinyClipTrainer;
import io.clipdecomp.core.train.TrainingConfig;
import io.clipdecomp.core.train.ZeroShotEvaluation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train-tiny}: trains the small CLIP on the shapes world into a model folder (the bundled model). */
@Command(name = "train-tiny", mixinStandardHelpOptions = true,
        description = "Trains a small OpenCLIP-architecture CLIP contrastively on the synthetic shapes world with "
                + "DJL autograd (the same forward pass the decomposition uses) and writes a model folder "
                + "(open_clip_config.json, open_clip_model.safetensors, tokenizer.json, MODEL_CARD.md). The "
                + "defaults reproduce the bundled models/shapes-tiny.")
public final class TrainTinyCommand implements Callable<Integer> {
    private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "shapes-tiny", paramLabel = "DIR",
            description = "Model folder to write (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", description = "Seed of weights, data and validation images (default: 7).")
    Long seed;

    @Option(names = "--steps", description = "Optimiser steps (default: 3600).")
    Integer steps;

    @Option(names = "--batch-size", description = "Image-caption pairs per step (default: 128).")
    Integer batchSize;

    @Option(names = "--lr", description = "Peak learning rate (default: 2e-3).")
    Double learningRate;

    @Option(names = "--image-size", description = "Image side in pixels (default: 64).")
    Integer imageSize;

    @Option(names = "--patch-size", description = "ViT patch side (default: 16).")
    Integer patchSize;

    @Option(names = "--vision-width", description = "Image tower width (default: 96).")
    Integer visionWidth;

    @Option(names = "--vision-layers", description = "Image tower blocks (default: 4).")
    Integer visionLayers;

    @Option(names = "--vision-head-width", description = "Width of one image attention head (default: 24).")
    Integer visionHeadWidth;

    @Option(names = "--text-width", description = "Text tower width (default: 64).")
    Integer textWidth;

    @Option(names = "--text-layers", description = "Text tower blocks (default: 2).")
    Integer textLayers;

    @Option(names = "--text-heads", description = "Text attention heads (default: 4).")
    Integer textHeads;

    @Option(names = "--embed-dim", description = "Joint embedding dimension (default: 64).")
    Integer embedDim;

    @Option(names = "--shape-first-steps", description = "Steps of shape prompts only, first (default: 1000).")
    Integer shapeFirstSteps;

    @Option(names = "--plain-prompt-steps",
            description = "Steps of plain shape, colour and background prompts after those (default: 600).")
    Integer plainPromptSteps;

    @Option(names = "--prompt-replay", description = "Share of plain prompts (shape, colour or background) afterwards (default: 0.3).")
    Double promptReplay;

    @Option(names = "--eval-every", description = "Steps between validation evaluations (default: 400).")
    Integer evalEvery;

    @Option(names = "--eval-images", description = "Held-out images per evaluation (default: 512).")
    Integer evalImages;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads (default: all cores).")
    int threads;

    @Override
    public Integer call() throws Exception {
        TrainingConfig d = DEFAULTS;
        TrainingConfig config = new TrainingConfig(or(seed, d.seed()), or(steps, d.steps()), or(batchSize, d.batchSize()),
                or(learningRate, d.learningRate()), d.warmupSteps(), d.weightDecay(), or(imageSize, d.imageSize()),
                or(patchSize, d.patchSize()), or(visionWidth, d.visionWidth()), or(visionLayers, d.visionLayers()),
                or(visionHeadWidth, d.visionHeadWidth()), or(textWidth, d.textWidth()), or(textLayers, d.textLayers()),
                or(textHeads, d.textHeads()), or(embedDim, d.embedDim()), or(evalEvery, d.evalEvery()),
                or(evalImages, d.evalImages()), or(shapeFirstSteps, d.shapeFirstSteps()),
                or(plainPromptSteps, d.plainPromptSteps()),
                or(promptReplay, d.promptReplay()));
        config.modelConfig(); // refuses an impossible architecture before anything runs
        int intra = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        DjlRuntime.configureThreads(intra, 1);
        Path dir = out.toAbsolutePath();
        Path tokenizerFile = Files.createTempFile("shapes-tokenizer", ".json");
        Files.writeString(tokenizerFile, ShapesTokenizerJson.json(), StandardCharsets.UTF_8);
        try (ClipTokenizer tokenizer = ClipTokenizer.load(tokenizerFile, config.modelConfig().text().contextLength())) {
            TinyClipTrainer trainer = new TinyClipTrainer(config, tokenizer);
            long start = System.nanoTime();
            try (ClipModel model = trainer.train(p -> {
                if (p.step() % 50 == 0 || p.validation() != null) {
                    System.err.printf("step %5d/%d  loss %.3f  T %.1f  lr %.2e  %.0f s%s%n", p.step(), config.steps(),
                            p.loss(), p.temperature(), p.learningRate(), p.seconds(),
                            p.validation() == null ? "" : String.format("  validation: shape %.3f colour %.3f "
                                    + "background %.3f", p.validation().shape(), p.validation().colour(),
                                    p.validation().background()));
                }
            })) {
                double seconds = (System.nanoTime() - start) / 1e9;
                ZeroShotEvaluation.Accuracy heldOut = ZeroShotEvaluation.evaluate(model, tokenizer,
                        ModelCard.TEST_SEED, ModelCard.TEST_IMAGES);
                ModelFolder.save(dir, model.weights(), ShapesTokenizerJson.json());
                // the subcommand's original arguments start with its own name
                String command = "clipdecomp " + String.join(" ", spec.commandLine().getParseResult()
                        .originalArgs());
                Files.writeString(dir.resolve(ModelCard.FILE), ModelCard.write(config, command.trim(), seconds,
                        intra, heldOut, dir), StandardCharsets.UTF_8);
                System.out.printf("wrote %s in %.0f s: zero-shot on %d held-out images: shape %.3f, colour %.3f, "
                                + "background %.3f%n", dir, seconds, heldOut.images(), heldOut.shape(), heldOut.colour(),
                        heldOut.background());
            }
        } finally {
            Files.deleteIfExists(tokenizerFile);
        }
        return 0;
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
