package io.clipdecomp.jobs.cli;

import com.google.gson.GsonBuilder;
import io.clipdecomp.core.io.FileReplacement;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.train.ModelCard;
import io.clipdecomp.core.train.ZeroShotEvaluation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zero-shot}: a model's shape, colour and background accuracy on generated one-object scenes. */
@Command(name = "zero-shot", mixinStandardHelpOptions = true,
        description = "Classifies generated one-object scenes of the shapes world by shape, colour and background "
                + "kind, one prompt per class (\"a photo of a circle.\"), the most similar prompt winning: the "
                + "measure the model card reports (its defaults are the card's held-out scenes). Prints the three "
                + "accuracies and writes zeroshot_{model}.json.")
public final class ZeroShotCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Option(names = "--seed", defaultValue = "" + ModelCard.TEST_SEED, paramLabel = "S",
            description = "Seed of the scenes (default: ${DEFAULT-VALUE}, which no training or validation run uses).")
    long seed;

    @Option(names = "--count", defaultValue = "" + ModelCard.TEST_IMAGES, paramLabel = "N",
            description = "Scenes to classify (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        ModelFolder folder = model.folder();
        ZeroShotEvaluation.Accuracy accuracy;
        try (ClipTokenizer tokenizer = ClipTokenizer.forModel(folder);
             ClipModel clip = model.load(folder)) {
            accuracy = ZeroShotEvaluation.evaluate(clip, tokenizer, seed, count);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.modelName());
        json.put("seed", seed);
        json.put("images", accuracy.images());
        json.put("shape", accuracy.shape());
        json.put("colour", accuracy.colour());
        json.put("background", accuracy.background());
        Path file = output.create().resolve("zeroshot_" + model.modelName() + ".json");
        FileReplacement.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
        System.out.printf("zero-shot on %d one-object scenes of seed %d: shape %.3f, colour %.3f, background %.3f%n",
                accuracy.images(), seed, accuracy.shape(), accuracy.colour(), accuracy.background());
        System.err.println("wrote " + file);
        return 0;
    }
}
