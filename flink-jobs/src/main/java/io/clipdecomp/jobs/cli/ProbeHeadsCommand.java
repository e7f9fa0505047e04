package io.clipdecomp.jobs.cli;

import com.google.gson.GsonBuilder;
import io.clipdecomp.core.analysis.ClassLabels;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.LinearProbe;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.data.ShapesDataset;
import io.clipdecomp.core.io.FileReplacement;
import io.clipdecomp.core.shapes.Scene;
import io.clipdecomp.core.shapes.SceneAttribute;
import io.clipdecomp.core.shapes.SceneGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code probe-heads}: which known attribute of the shapes world each head's contribution predicts best. */
@Command(name = "probe-heads", mixinStandardHelpOptions = true,
        description = "For a decomposition of the generated shapes dataset (decompose --dataset shapes), fits a "
                + "linear probe per head of the last N layers and per known attribute (shape, colour, size, "
                + "position, background) on the first half of the images and scores it on the second: the "
                + "ground truth to read TextSpan's texts against. Writes shapes_probes_{model}.json.")
public final class ProbeHeadsCommand implements Callable<Integer> {

    @Option(names = "--input-dir", required = true, paramLabel = "DIR",
            description = "Folder holding shapes_attn_{model}.npy and shapes_labels_{model}.npy.")
    Path inputDir;

    @Option(names = "--model-name", required = true, paramLabel = "NAME", description = "Model name in the file names.")
    String modelName;

    @Option(names = "--count", defaultValue = "1000", paramLabel = "N",
            description = "Scenes decompose generated (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed decompose generated them with (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--num-of-last-layers", defaultValue = "4", paramLabel = "N",
            description = "Layers, counted from the last, whose heads are probed (default: ${DEFAULT-VALUE}).")
    int lastLayers;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where the JSON goes (default: --input-dir).")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        Path dir = inputDir.toAbsolutePath().normalize();
        float[] tails;
        TermShape shape;
        try (DecompositionRows rows = DecompositionRows.open(dir, ShapesDataset.NAME, modelName, false)) {
            shape = rows.shape();
            if (rows.rows() != count) {
                throw new IllegalArgumentException("the decomposition has " + rows.rows() + " rows, not --count "
                        + count + "; give the --count and --seed decompose generated it with");
            }
            if (lastLayers < 1 || lastLayers > shape.layers()) {
                throw new IllegalArgumentException("--num-of-last-layers must be within 1.." + shape.layers()
                        + ", got " + lastLayers);
            }
            int tail = lastLayers * shape.heads() * shape.dim();
            tails = new float[count * tail];
            rows.forEachChunk(chunk -> {
                for (int i = 0; i < chunk.count(); i++) {
                    System.arraycopy(chunk.heads(), (i + 1) * shape.headLength() - tail, tails,
                            (int) (chunk.first() + i) * tail, tail);
                }
            });
        }
        Map<SceneAttribute, int[]> truth = truth(dir);
        int firstLayer = shape.layers() - lastLayers;
        int stride = lastLayers * shape.heads() * shape.dim();
        List<Map<String, Object>> heads = new ArrayList<>();
        System.out.printf("%-6s %-6s %-11s %-8s", "layer", "head", "best", "accuracy");
        for (SceneAttribute a : SceneAttribute.values()) {
            System.out.printf(" %10s", a.word());
        }
        System.out.println();
        for (int l = firstLayer; l < shape.layers(); l++) {
            for (int h = 0; h < shape.heads(); h++) {
                int offset = ((l - firstLayer) * shape.heads() + h) * shape.dim();
                Map<String, Double> accuracies = new LinkedHashMap<>();
                SceneAttribute best = null;
                for (SceneAttribute a : SceneAttribute.values()) {
                    double acc = LinearProbe.heldOutAccuracy(tails, offset, stride, shape.dim(), truth.get(a),
                            a.classes());
                    accuracies.put(a.word(), acc);
                    if (best == null || acc - chance(truth.get(a), a) > accuracies.get(best.word())
                            - chance(truth.get(best), best)) {
                        best = a;
                    }
                }
                System.out.printf("%-6d %-6d %-11s %-8.3f", l, h, best.word(), accuracies.get(best.word()));
                accuracies.values().forEach(v -> System.out.printf(" %10.3f", v));
                System.out.println();
                Map<String, Object> head = new LinkedHashMap<>();
                head.put("layer", l);
                head.put("head", h);
                head.put("best", best.word());
                head.put("accuracy", accuracies.get(best.word()));
                head.put("accuracies", accuracies);
                heads.add(head);
            }
        }
        Map<String, Double> chance = new LinkedHashMap<>();
        for (SceneAttribute a : SceneAttribute.values()) {
            chance.put(a.word(), chance(truth.get(a), a));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("heads", heads);
        json.put("chance", chance);
        json.put("images", count);
        json.put("heldOut", count - count / 2);
        Path out = (outDir != null ? outDir.toAbsolutePath().normalize() : dir);
        Files.createDirectories(out);
        Path file = out.resolve(ShapesDataset.NAME + "_probes_" + modelName + ".json");
        FileReplacement.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
        System.err.println("wrote " + file + " (best: the attribute furthest above its chance level)");
        return 0;
    }

    /** Every scene's attributes, checked against the shape labels decompose wrote. */
    private Map<SceneAttribute, int[]> truth(Path dir) throws Exception {
        Map<SceneAttribute, int[]> truth = new LinkedHashMap<>();
        for (SceneAttribute a : SceneAttribute.values()) {
            truth.put(a, new int[count]);
        }
        try (ShapesDataset scenes = new ShapesDataset(count, seed, SceneGenerator.DEFAULT_CANVAS);
             ClassLabels labels = ClassLabels.open(dir, ShapesDataset.NAME, modelName, count)) {
            for (int i = 0; i < count; i++) {
                Scene scene = scenes.scene(i);
                if (labels.label(i) != ShapesDataset.label(scene)) {
                    throw new IllegalArgumentException("row " + i + "'s label is not the shape of scene " + i
                            + " of seed " + seed + "; give the --seed decompose generated the scenes with");
                }
                for (SceneAttribute a : SceneAttribute.values()) {
                    truth.get(a)[i] = a.classOf(scene);
                }
            }
        }
        return truth;
    }

    /** The held-out accuracy of always answering the most frequent class of the training half. */
    private static double chance(int[] labels, SceneAttribute a) {
        int train = labels.length / 2;
        int[] counts = new int[a.classes()];
        for (int i = 0; i < train; i++) {
            counts[labels[i]]++;
        }
        int majority = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[majority]) {
                majority = c;
            }
        }
        long hits = 0;
        for (int i = train; i < labels.length; i++) {
            hits += labels[i] == majority ? 1 : 0;
        }
        return (double) hits / (labels.length - train);
    }
}
