package io.clipdecomp.jobs.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.clipdecomp.core.analysis.AblationAccuracies;
import io.clipdecomp.core.analysis.AblationMeans;
import io.clipdecomp.core.analysis.ClassLabels;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.MeanAblation;
import io.clipdecomp.core.io.FileReplacement;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ablate}: zero-shot accuracy with MLPs, class-token parts and attention layers mean-ablated (compute_ablations.py). */
@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = "Top-1 zero-shot accuracy of a decomposition with its MLPs, class-token parts and attention "
                + "layers (cumulatively from layer 0) replaced by their means, as compute_ablations.py prints it; "
                + "also written to {dataset}_ablations_{model}.json. Reads the files row by row: memory does not "
                + "grow with the number of images.")
public final class AblateCommand implements Callable<Integer> {

    @Mixin
    DecompositionInput input;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where the JSON goes (default: --input-dir).")
    Path outDir;

    @Option(names = "--means-dir", paramLabel = "DIR",
            description = "Take the ablation means from the decomposition in this folder (default: the evaluated "
                    + "images, as the original).")
    Path meansDir;

    @Option(names = "--means-dataset", paramLabel = "NAME",
            description = "Dataset name of the decomposition the means come from (default: --dataset).")
    String meansDataset;

    @Override
    public Integer call() throws Exception {
        LinearClassifier classifier = input.classifier();
        boolean otherMeans = meansDir != null || meansDataset != null;
        AblationAccuracies result;
        try (DecompositionRows rows = DecompositionRows.open(input.dir(), input.dataset, input.modelName, true);
             ClassLabels labels = input.labels(rows.rows());
             NDManager manager = NDManager.newBaseManager()) {
            AblationMeans means;
            if (otherMeans) {
                Path dir = meansDir != null ? meansDir.toAbsolutePath().normalize() : input.dir();
                try (DecompositionRows other = DecompositionRows.open(dir,
                        meansDataset != null ? meansDataset : input.dataset, input.modelName, true)) {
                    means = AblationMeans.of(other);
                }
            } else {
                means = AblationMeans.of(rows);
            }
            result = MeanAblation.evaluate(manager, rows, labels, means, classifier);
        }
        System.out.println("Baseline: " + result.baseline());
        System.out.println("+ MLPs ablation: " + result.mlps());
        System.out.println("+ CLS ablation: " + result.cls());
        System.out.println("+ MLPs + CLS ablation: " + result.mlpsAndCls());
        System.out.println("Attention ablations: " + Arrays.stream(result.attentionLayers()).mapToObj(Double::toString)
                .collect(Collectors.joining(", ", "[", "]")));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baseline", result.baseline());
        json.put("mlps", result.mlps());
        json.put("cls", result.cls());
        json.put("mlpsAndCls", result.mlpsAndCls());
        json.put("attentionLayers", result.attentionLayers());
        json.put("images", result.images());
        json.put("meansFrom", otherMeans ? "other" : "evaluated");
        Path file = input.createOutDir(outDir).resolve(input.dataset + "_ablations_" + input.modelName + ".json");
        FileReplacement.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
        System.err.println("wrote " + file);
        return 0;
    }
}
