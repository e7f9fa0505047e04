package io.clipdecomp.jobs.cli;


import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.clipdecomp.core.analysis.ClassLabels;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.io.FileReplacement;
import io.clipdecomp.core.textspan.HeadTextSpan;
import io.clipdecomp.core.textspan.TextSpanAnalysis;
import io.clipdecomp.core.textspan.TextSpanSelector;
import io.clipdecomp.core.textspan.TextSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code textspan}: per-head text bases and the accuracy of the reconstruction they give (compute_complete_text_set.py). */
@Command(name = "textspan", mixinStandardHelpOptions = true,
        description = "TextSpan: for every head of the last N layers, the texts whose directions explain most of "
                + "its variance, picked greedily (compute_complete_text_set.py), and the zero-shot accuracy when "
                + "each of these heads is replaced by its reconstruction and every earlier head by its mean. "
                + "Computed from per-head moments in two passes over the rows: memory does not grow with the "
                + "number of images.")
public final class TextSpanCommand implements Callable<Integer> {
    private static final String RULE = "------------------";

    @Mixin
    DecompositionInput input;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where the results go (default: --input-dir).")
    Path outDir;

    @Option(names = "--text-set", required = true, paramLabel = "NAME",
            description = "The text set: NAME_{model}.npy (from text-set) in --input-dir and NAME.txt in --text-dir.")
    String textSetName;

    @Option(names = "--text-dir", paramLabel = "DIR", description = "Folder of NAME.txt (default: --input-dir).")
    Path textDir;

    @Mixin
    TextSpanParameters parameters;

    @Override
    public Integer call() throws Exception {
        LinearClassifier classifier = input.classifier();
        TextSet textSet = TextSet.read(textSetName, textDir != null ? textDir.toAbsolutePath().normalize()
                : input.dir(), input.dir(), input.modelName);
        List<String> texts = textSet.texts();
        TextSpanAnalysis.Result result;
        try (DecompositionRows rows = DecompositionRows.open(input.dir(), input.dataset, input.modelName, false);
             ClassLabels labels = input.labels(rows.rows());
             NDManager manager = NDManager.newBaseManager()) {
            TextSpanSelector selector = new TextSpanSelector(textSet.embeddings(), parameters.textsPerHead,
                    parameters.rank);
            result = TextSpanAnalysis.run(manager, rows, selector, parameters.lastLayers, labels, classifier);
        }
        Set<String> unique = new LinkedHashSet<>();
        StringBuilder report = new StringBuilder();
        List<Map<String, Object>> heads = new ArrayList<>();
        for (HeadTextSpan span : result.heads()) {
            report.append(RULE).append('\n').append("Layer ").append(span.layer()).append(", Head ").append(span.head())
                    .append('\n').append(RULE).append('\n');
            List<String> picked = new ArrayList<>();
            for (int index : span.indices()) {
                picked.add(texts.get(index));
                report.append(texts.get(index)).append('\n');
            }
            unique.addAll(picked);
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("layer", span.layer());
            head.put("head", span.head());
            head.put("indices", span.indices());
            head.put("texts", picked);
            head.put("variance", span.varianceShares());
            head.put("explainedVariance", span.explainedShare());
            heads.add(head);
        }
        report.append(RULE).append('\n').append("Current accuracy: ").append(result.accuracy()).append('\n')
                .append("Number of texts: ").append(unique.size());
        String stem = input.dataset + "_completeness_" + textSetName + "_top_" + parameters.textsPerHead + "_heads_"
                + input.modelName;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("heads", heads);
        json.put("accuracy", result.accuracy());
        json.put("uniqueTexts", unique.size());
        json.put("images", result.images());
        json.put("textsPerHead", parameters.textsPerHead);
        json.put("numOfLastLayers", parameters.lastLayers);
        json.put("wOvRank", parameters.rank);
        Path out = input.createOutDir(outDir);
        Path textFile = out.resolve(stem + ".txt");
        Path jsonFile = out.resolve(stem + ".json");
        FileReplacement.writeString(textFile, report.toString());
        FileReplacement.writeString(jsonFile, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
        System.out.println("Current accuracy: " + result.accuracy());
        System.out.println("Number of texts: " + unique.size());
        System.err.println("wrote " + textFile + " and " + jsonFile.getFileName());
        return 0;
    }
}
