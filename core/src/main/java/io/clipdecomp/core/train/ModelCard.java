package io.clipdecomp.core.train;

import io.clipdecomp.core.bench.BenchmarkResult;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.model.OpenClipKeys;
import io.clipdecomp.core.shapes.CaptionWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/** The MODEL_CARD.md of a trained shapes model: how it was made and what it measures, from the run itself. */
public final class ModelCard {
    /** File name in the model folder. */
    public static final String FILE = "MODEL_CARD.md";
    /** Seed of the test scenes the card reports: neither training nor validation uses it. */
    public static final long TEST_SEED = 9_999_991L;
    /** Test scenes the card's accuracies are measured on. */
    public static final int TEST_IMAGES = 1024;

    private ModelCard() {
    }

    /**
     * The card's text.
     *
     * @param command the command line that trained the model
     * @param seconds training wall time
     * @param threads PyTorch intra-op threads used
     * @param test zero-shot accuracy on {@link #TEST_IMAGES} scenes of {@link #TEST_SEED}
     * @param segmentation the model's segmentation next to the mask-coverage map's on its patch grid
     * @param speed a benchmark of the trained model (decomposition against the plain forward pass)
     * @param dir the saved model folder (for file sizes)
     */
    public static String write(TrainingConfig config, String command, double seconds, int threads,
                               ZeroShotEvaluation.Accuracy test, PatchGridSegmentation segmentation,
                               BenchmarkResult speed, Path dir) throws IOException {
        ClipConfig c = config.modelConfig();
        long parameters = 0;
        for (long[] shape : OpenClipKeys.expectedShapes(c).values()) {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            parameters += n;
        }
        long bytes = Files.size(dir.resolve(ModelFolder.WEIGHTS_FILE));
        StringBuilder md = new StringBuilder();
        md.append("# shapes-tiny: a small CLIP trained on the synthetic shapes world\n\n");
        md.append("Made by clipdecomp's own code (`train-tiny`), from nothing but the seed: no downloaded weights or "
                + "data. It exists so that every command of the project runs end to end in minutes on a laptop, "
                + "on images whose truth (shape, colour, background, masks) is known.\n\n");
        md.append("## How it was made\n\n");
        md.append("```\n").append(command).append("\n```\n\n");
        md.append("- seed ").append(config.seed()).append(", ").append(config.steps()).append(" steps of ")
                .append(config.batchSize()).append(" image-caption pairs, AdamW peak lr ")
                .append(config.learningRate()).append(" (warm-up ").append(config.warmupSteps())
                .append(", cosine to 10%), weight decay ").append(config.weightDecay()).append('\n');
        md.append("- curriculum: ").append(config.shapeFirstSteps()).append(" steps of one-object scenes with "
                + "`a photo of a {shape}.`, then ").append(config.plainPromptSteps()).append(" steps with one of "
                + "`a photo of a {shape}.`, `a photo of a {colour} object.`, `a photo of {background}.`, then "
                + "generated captions with ")
                .append(Math.round(config.promptReplay() * 100)).append("% plain prompts (`a photo of a {shape}.`, "
                + "`a photo of a {colour} object.`, `a photo of {background}.`, one of the three at random) kept "
                + "(why: "
                + "`ShapesBatches` Javadoc)\n");
        md.append(String.format("- training time %.0f s (%.1f min) on %d CPU cores, PyTorch threads: %d, %s%n",
                seconds, seconds / 60, Runtime.getRuntime().availableProcessors(), threads, LocalDate.now()));
        md.append("- weights file SHA-256 `").append(sha256(dir.resolve(ModelFolder.WEIGHTS_FILE)))
                .append("`: the same command on the same thread count and libtorch build gives this file again, "
                        + "bit for bit (`sha256sum open_clip_model.safetensors`); a CPU of another family may take "
                        + "kernels that round otherwise\n");
        md.append("\n## Architecture (OpenCLIP layout)\n\n");
        md.append(String.format("- vision: %dx%d images, patch %d (%d tokens), width %d, %d layers, %d heads of %d%n",
                c.vision().imageSize(), c.vision().imageSize(), c.vision().patchSize(), c.vision().tokens(),
                c.vision().width(), c.vision().layers(), c.vision().heads(), c.vision().headWidth()));
        md.append(String.format("- text: vocabulary %d (the world's words), width %d, %d layers, %d heads, "
                + "context %d%n", c.text().vocabSize(), c.text().width(), c.text().layers(), c.text().heads(),
                c.text().contextLength()));
        md.append(String.format("- embedding dimension %d, exact GELU, %,d parameters, weights file %,d bytes%n",
                c.embedDim(), parameters, bytes));
        md.append("\n## Zero-shot accuracy on held-out scenes\n\n");
        md.append(String.format("%d one-object scenes of seed %d (not used in training or validation), one prompt "
                + "per class, the most similar prompt wins (`clipdecomp zero-shot --model-dir DIR` measures it "
                + "again):%n%n", test.images(), TEST_SEED));
        md.append("| attribute | classes | accuracy | prompts |\n|---|---|---|---|\n");
        row(md, "shape", CaptionWriter.shapePrompts(), test.shape());
        row(md, "colour", CaptionWriter.colourPrompts(), test.colour());
        row(md, "background kind", CaptionWriter.backgroundPrompts(), test.background());
        int grid = c.vision().grid();
        md.append("\n## Per-patch maps and speed\n\n");
        md.append(String.format("Zero-shot segmentation of the %d scenes of `clipdecomp generate-shapes --layout "
                + "segmentation --count %d --seed %d` under the paper's protocol (the %dx%d token map upsampled "
                + "bilinearly, thresholded at its mean), the classes being the 8 shapes (`text-project --dataset "
                + "shapes`), next to a map that knows the masks at the patch resolution; `clipdecomp segment` "
                + "measures both again (`--map mask-coverage` for the second):%n%n", segmentation.scenes(),
                segmentation.scenes(), segmentation.seed(), grid, grid));
        md.append("| map | pixel accuracy | mIoU | mAP |\n|---|---|---|---|\n");
        segmentationRow(md, "this model's decomposition (all heads)", segmentation.model());
        segmentationRow(md, String.format("each of the %dx%d patches scored by its true mask coverage (the "
                + "protocol's patch-resolution ceiling; thresholding at the mean can let a sharper map score above "
                + "it)", grid, grid), segmentation.maskCoverage());
        double forward = speed.forwardImages().perSecond();
        double decomposition = speed.decompositionImages().perSecond();
        md.append(String.format("%nSpeed: the decomposition (every head's, MLP's and the class token's direct term) "
                + "runs at %.0f images/s against %.0f images/s for the plain forward pass, %.2fx its time (batch %d, "
                + "PyTorch threads: %d, %s; `clipdecomp bench --model-dir DIR` measures it again).%n", decomposition,
                forward, forward / decomposition, speed.batchSize(), speed.threads(), speed.machine()));
        md.append("\n## Limits\n\n");
        md.append("- It knows only the shapes world: 8 shapes, 8 colours, 7 backgrounds, sizes and positions. It is "
                + "not a general image model; real photos give meaningless embeddings.\n");
        md.append(String.format("- Patch %d on %d px, a grid of %dx%d patches: per-patch maps (segmentation, "
                + "heatmaps) resolve no finer than %d px.%n", c.vision().patchSize(), c.vision().imageSize(), grid,
                grid, c.vision().patchSize()));
        md.append("- Some colours never appear on some backgrounds (blue on water, green on grass, yellow on sand), "
                + "a small built-in correlation.\n");
        return md.toString();
    }

    private static void segmentationRow(StringBuilder md, String map, PatchGridSegmentation.Scores scores) {
        md.append(String.format("| %s | %.2f%% | %.4f | %.4f |%n", map, 100 * scores.pixelAccuracy(), scores.meanIoU(),
                scores.meanAP()));
    }

    private static void row(StringBuilder md, String attribute, List<String> prompts, double accuracy) {
        md.append(String.format("| %s | %d | %.1f%% | %s |%n", attribute, prompts.size(), 100 * accuracy,
                String.join(" ", prompts.stream().map(p -> "`" + p + "`").toList())));
    }

    /** Hex SHA-256 of a file: what {@code sha256sum} prints. */
    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
