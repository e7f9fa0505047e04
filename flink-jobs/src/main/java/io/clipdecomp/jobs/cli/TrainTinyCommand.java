package io.clipdecomp.jobs.cli;

import io.clipdecomp.core.bench.BenchmarkResult;
import io.clipdecomp.core.bench.DecompositionBenchmark;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.DjlRuntime;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.train.ModelCard;
import io.clipdecomp.core.train.PatchGridSegmentation;
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
@Command(name = "train-tiny", mixinStandardHelpOptions = true, defaultValueProvider = TrainTinyCommand.Defaults.class,
        description = "Trains a small OpenCLIP-architecture CLIP contrastively on the synthetic shapes world with "
                + "DJL autograd (the same forward pass the decomposition uses) and writes a model folder "
                + "(open_clip_config.json, open_clip_model.safetensors, tokenizer.json, MODEL_CARD.md). The "
                + "defaults are the recipe of the bundled models/shapes-tiny.")
public final class TrainTinyCommand implements Callable<Integer> {
    /** Timed seconds per figure of the card's speed line (at bench's default batch size). */
    private static final double CARD_BENCH_SECONDS = 3;

    /** The training defaults, taken from {@link TrainingConfig#defaults()} so they are stated once. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            TrainingConfig d = TrainingConfig.defaults();
            Object value = switch (option.longestName()) {
                case "--seed" -> d.seed();
                case "--steps" -> d.steps();
                case "--batch-size" -> d.batchSize();
                case "--lr" -> d.learningRate();
                case "--image-size" -> d.imageSize();
                case "--patch-size" -> d.patchSize();
                case "--vision-width" -> d.visionWidth();
                case "--vision-layers" -> d.visionLayers();
                case "--vision-head-width" -> d.visionHeadWidth();
                case "--text-width" -> d.textWidth();
                case "--text-layers" -> d.textLayers();
                case "--text-heads" -> d.textHeads();
                case "--embed-dim" -> d.embedDim();
                case "--shape-first-steps" -> d.shapeFirstSteps();
                case "--plain-prompt-steps" -> d.plainPromptSteps();
                case "--prompt-replay" -> d.promptReplay();
                case "--eval-every" -> d.evalEvery();
                case "--eval-images" -> d.evalImages();
                default -> null;
            };
            return value == null ? null : String.valueOf(value);
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "shapes-tiny", paramLabel = "DIR",
            description = "Model folder to write (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", description = "Seed of weights, data and validation images (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", description = "Image-caption pairs per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--image-size", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--patch-size", description = "ViT patch side (default: ${DEFAULT-VALUE}).")
    int patchSize;

    @Option(names = "--vision-width", description = "Image tower width (default: ${DEFAULT-VALUE}).")
    int visionWidth;

    @Option(names = "--vision-layers", description = "Image tower blocks (default: ${DEFAULT-VALUE}).")
    int visionLayers;

    @Option(names = "--vision-head-width", description = "Width of one image attention head (default: ${DEFAULT-VALUE}).")
    int visionHeadWidth;

    @Option(names = "--text-width", description = "Text tower width (default: ${DEFAULT-VALUE}).")
    int textWidth;

    @Option(names = "--text-layers", description = "Text tower blocks (default: ${DEFAULT-VALUE}).")
    int textLayers;

    @Option(names = "--text-heads", description = "Text attention heads (default: ${DEFAULT-VALUE}).")
    int textHeads;

    @Option(names = "--embed-dim", description = "Joint embedding dimension (default: ${DEFAULT-VALUE}).")
    int embedDim;

    @Option(names = "--shape-first-steps", description = "Steps of shape prompts only, first (default: ${DEFAULT-VALUE}).")
    int shapeFirstSteps;

    @Option(names = "--plain-prompt-steps", description = "Steps of plain shape, colour and background prompts after those (default: ${DEFAULT-VALUE}).")
    int plainPromptSteps;

    @Option(names = "--prompt-replay", description = "Share of plain prompts (shape, colour or background) afterwards (default: ${DEFAULT-VALUE}).")
    double promptReplay;

    @Option(names = "--eval-every", description = "Steps between validation evaluations (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-images", description = "Held-out images per evaluation (default: ${DEFAULT-VALUE}).")
    int evalImages;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads; 0: all cores "
            + "(default: ${DEFAULT-VALUE}: another count sums in another order and gives other weights).")
    int threads;

    @Option(names = "--force", description = "Replace a model already in --out.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        TrainingConfig d = TrainingConfig.defaults();
        TrainingConfig config = new TrainingConfig(seed, steps, batchSize, learningRate, d.warmupSteps(),
                d.weightDecay(), imageSize, patchSize, visionWidth, visionLayers, visionHeadWidth, textWidth,
                textLayers, textHeads, embedDim, evalEvery, evalImages, shapeFirstSteps, plainPromptSteps,
                promptReplay);
        config.modelConfig(); // refuses an impossible architecture before anything runs
        int intra = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        DjlRuntime.configureThreads(intra, 1);
        Path dir = out.toAbsolutePath();
        if (!force && Files.exists(dir.resolve(ModelFolder.CONFIG_FILE))) {
            throw new IllegalArgumentException(dir + " already holds a model; pass --force to replace it, or give "
                    + "another --out");
        }
        Path tokenizerFile = Files.createTempFile("shapes-tokenizer", ".json");
        Files.writeString(tokenizerFile, ShapesTokenizerJson.json(), StandardCharsets.UTF_8);
        try (ClipTokenizer tokenizer = ClipTokenizer.load(tokenizerFile, config.modelConfig().text().contextLength())) {
            TinyClipTrainer trainer = new TinyClipTrainer(config, tokenizer);
            long start = System.nanoTime();
            int[] skipped = new int[1];
            try (ClipModel model = trainer.train(p -> {
                if (p.skippedSteps() > skipped[0]) {
                    System.err.printf("step %5d: loss or gradient not finite, update dropped (%d so far)%n", p.step(),
                            p.skippedSteps());
                    skipped[0] = p.skippedSteps();
                }
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
                System.err.println("measuring the model card's segmentation and speed");
                PatchGridSegmentation segmentation = PatchGridSegmentation.measure(model, tokenizer,
                        PatchGridSegmentation.CARD_SEED, PatchGridSegmentation.CARD_SCENES);
                BenchmarkResult speed = new DecompositionBenchmark(model, DecompositionBenchmark.DEFAULT_BATCH, CARD_BENCH_SECONDS,
                        line -> System.err.println("  " + line)).run(dir.getFileName().toString(), intra);
                ModelFolder.save(dir, model.weights(), ShapesTokenizerJson.json());
                // the subcommand's original arguments start with its own name
                String command = "clipdecomp " + String.join(" ", spec.commandLine().getParseResult()
                        .originalArgs());
                Files.writeString(dir.resolve(ModelCard.FILE), ModelCard.write(config, command.trim(), seconds,
                        intra, heldOut, segmentation, speed, dir), StandardCharsets.UTF_8);
                System.out.printf("wrote %s in %.0f s (%d of %d steps dropped as not finite): zero-shot on %d "
                                + "held-out images: shape %.3f, colour %.3f, background %.3f%n", dir, seconds,
                        skipped[0], config.steps(), heldOut.images(), heldOut.shape(), heldOut.colour(),
                        heldOut.background());
            }
        } finally {
            Files.deleteIfExists(tokenizerFile);
        }
        return 0;
    }
}
