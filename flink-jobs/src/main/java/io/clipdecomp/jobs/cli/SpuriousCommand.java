package io.clipdecomp.jobs.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.io.FileReplacement;
import io.clipdecomp.core.io.RequiredFile;
import io.clipdecomp.core.spurious.ConceptHeadRanking;
import io.clipdecomp.core.spurious.GroupAccuracies;
import io.clipdecomp.core.spurious.GroupLabels;
import io.clipdecomp.core.spurious.HeadConceptScore;
import io.clipdecomp.core.spurious.HeadRemoval;
import io.clipdecomp.core.spurious.PaperHeads;
import io.clipdecomp.core.spurious.SpuriousCueAnalysis;
import io.clipdecomp.core.textspan.TextSet;
import io.clipdecomp.core.textspan.TextSpanSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spurious}: per-group accuracy with spurious-cue heads removed (compute_use_specific_heads.py). */
@Command(name = "spurious", mixinStandardHelpOptions = true,
        description = "Waterbirds-style spurious cues: top-1 zero-shot accuracy per (y, place) group and overall, "
                + "as compute_use_specific_heads.py prints it, for the plain representation (Baseline) and with "
                + "heads removed (Replaced: the heads, every head outside the last four layers and all MLP terms "
                + "replaced by their means over the evaluated images). The heads are given, the original's "
                + "hand-picked ones (--heads paper), or chosen by their TextSpan texts (--auto K); random sets of "
                + "as many heads of the last layers are the control. Writes {dataset}_spurious_{model}.json. "
                + "Reads the files row by row: memory does not grow with the number of images.")
public final class SpuriousCommand implements Callable<Integer> {
    private static final String PAPER = "paper";
    private static final String[] AUTO_ONLY = {"--concepts", "--text-set", "--text-dir", "--texts-per-head",
        "--w-ov-rank"};
    /** Matched texts printed per chosen head (the JSON has them all). */
    private static final int PRINTED_TEXTS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input-dir", required = true, paramLabel = "DIR",
            description = "Folder holding {dataset}_attn_{model}.npy, _mlp_, _classifier_ and the (y, place) labels "
                    + "({dataset}_labels_{model}.npy or {dataset}_labels.npy, int64 [K, 2, 1]).")
    Path inputDir;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset name in the file names.")
    String dataset;

    @Option(names = "--model-name", required = true, paramLabel = "NAME",
            description = "Model name in the file names; with --heads paper also the list used (ViT-B-16, ViT-L-14, "
                    + "ViT-H-14).")
    String modelName;

    @Option(names = "--heads", paramLabel = "l.h,...|paper",
            description = "Heads to remove (0-indexed layer.head), or 'paper' for the original's hand-picked list "
                    + "of --model-name.")
    String heads;

    @Option(names = "--auto", paramLabel = "K",
            description = "Remove the K heads of the last four layers whose TextSpan texts align most with the "
                    + "--concepts texts (share of the head's variance its text basis puts in the concepts' span).")
    Integer auto;

    @Option(names = "--concepts", paramLabel = "FILE",
            description = "With --auto: concept texts, one per line (e.g. places, water, forest); their embeddings "
                    + "{file stem}_{model}.npy, as text-set writes them, are read from --input-dir.")
    Path concepts;

    @Option(names = "--text-set", paramLabel = "NAME",
            description = "With --auto: the TextSpan text set, NAME_{model}.npy in --input-dir and NAME.txt in "
                    + "--text-dir.")
    String textSetName;

    @Option(names = "--text-dir", paramLabel = "DIR", description = "With --auto: folder of NAME.txt (default: --input-dir).")
    Path textDir;

    @Option(names = "--texts-per-head", defaultValue = "10", paramLabel = "N",
            description = "With --auto: TextSpan texts per head (default: ${DEFAULT-VALUE}).")
    int textsPerHead;

    @Option(names = "--w-ov-rank", defaultValue = "80", paramLabel = "R",
            description = "With --auto: TextSpan's rank (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--random-trials", defaultValue = "5", paramLabel = "N",
            description = "Random sets of as many heads of the last four layers, the control (default: "
                    + "${DEFAULT-VALUE}; 0 for none).")
    int randomTrials;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of the random sets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where the JSON goes (default: --input-dir).")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        if ((heads == null) == (auto == null)) {
            throw new IllegalArgumentException("give either --heads l.h,... (or --heads paper) or --auto K");
        }
        if (auto == null) {
            for (String option : AUTO_ONLY) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " only applies with --auto K");
                }
            }
        } else if (concepts == null || textSetName == null) {
            throw new IllegalArgumentException("--auto needs --concepts FILE and --text-set NAME");
        }
        if (randomTrials < 0) {
            throw new IllegalArgumentException("--random-trials must be 0 or more, got " + randomTrials);
        }
        Path dir = inputDir.toAbsolutePath().normalize();
        LinearClassifier classifier = LinearClassifier.read(RequiredFile.existing(
                dir.resolve(dataset + "_classifier_" + modelName + ".npy"), "`text-project` writes it"));
        String headsFrom;
        List<HeadIndex> given = null;
        if (PAPER.equals(heads)) {
            given = PaperHeads.forModel(modelName);
            headsFrom = "the original's hand-picked list for " + modelName;
        } else if (heads != null) {
            given = HeadIndex.parseList(heads);
            headsFrom = "given";
        } else {
            headsFrom = "chosen automatically by their TextSpan texts against " + concepts.getFileName();
        }
        SpuriousCueAnalysis.Result result;
        TermShape shape;
        TextSet textSet = null;
        TextSet conceptSet = null;
        try (DecompositionRows rows = DecompositionRows.open(dir, dataset, modelName, false);
             GroupLabels labels = GroupLabels.open(dir, dataset, modelName, rows.rows());
             NDManager manager = NDManager.newBaseManager()) {
            shape = rows.shape();
            if (given != null) {
                result = SpuriousCueAnalysis.withHeads(manager, rows, labels, classifier, given, randomTrials, seed);
            } else {
                textSet = TextSet.read(textSetName, textDir != null ? textDir.toAbsolutePath().normalize() : dir, dir,
                        modelName);
                conceptSet = readConcepts(dir);
                ConceptHeadRanking ranking = new ConceptHeadRanking(
                        new TextSpanSelector(textSet.embeddings(), textsPerHead, rank), textSet.embeddings(),
                        conceptSet.embeddings());
                result = SpuriousCueAnalysis.withConceptHeads(manager, rows, labels, classifier, ranking, auto,
                        randomTrials, seed);
            }
        }

        int firstKept = HeadRemoval.firstKeptLayer(shape);
        System.out.println("Heads (" + headsFrom + ", " + result.heads().size() + "): " + names(result.heads()));
        if (!result.scores().isEmpty()) {
            printChosen(result.scores(), textSet, conceptSet);
        }
        System.out.println("Baseline: " + result.baseline().toPythonDict());
        System.out.println("Replaced: " + result.replaced().toPythonDict());
        System.out.println("Worst group: baseline " + worst(result.baseline()) + ", replaced "
                + worst(result.replaced()));
        SpuriousCueAnalysis.RandomTrial best = result.bestRandom();
        if (best != null) {
            System.out.printf("Random heads, best worst group of %d sets of %d heads of layers %d-%d (seed %d): %s, "
                            + "full %s (heads %s)%n", result.random().size(), result.heads().size(), firstKept,
                    shape.layers() - 1, seed, worst(best.accuracies()), best.accuracies().full(), names(best.heads()));
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baseline", result.baseline().toMap());
        json.put("replaced", result.replaced().toMap());
        json.put("heads", pairs(result.heads()));
        List<Map<String, Object>> random = new ArrayList<>();
        for (SpuriousCueAnalysis.RandomTrial t : result.random()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("heads", pairs(t.heads()));
            m.put("worst", t.accuracies().worst());
            m.put("full", t.accuracies().full());
            random.add(m);
        }
        json.put("random", random);
        json.put("headsFrom", headsFrom);
        Map<String, String> worstGroups = new LinkedHashMap<>();
        worstGroups.put("baseline", groupName(result.baseline()));
        worstGroups.put("replaced", groupName(result.replaced()));
        json.put("worstGroup", worstGroups);
        json.put("images", result.images());
        json.put("seed", seed);
        if (!result.scores().isEmpty()) {
            json.put("auto", autoJson(result.scores(), textSet, conceptSet));
        }
        Path out = outDir != null ? outDir.toAbsolutePath().normalize() : dir;
        Files.createDirectories(out);
        Path file = out.resolve(dataset + "_spurious_" + modelName + ".json");
        FileReplacement.writeString(file, new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(json)
                + "\n");
        System.err.println("wrote " + file);
        return 0;
    }

    /** The concept texts and their embeddings, {@code {stem}_{model}.npy} in the input folder. */
    private TextSet readConcepts(Path dir) throws IOException {
        Path file = concepts.toAbsolutePath().normalize();
        String name = file.getFileName().toString();
        String stem = name.endsWith(".txt") ? name.substring(0, name.length() - 4) : name;
        return TextSet.read(stem, file, dir.resolve(stem + "_" + modelName + ".npy"));
    }

    private static void printChosen(List<HeadConceptScore> scores, TextSet textSet, TextSet conceptSet) {
        for (HeadConceptScore s : scores) {
            System.out.printf("Head %s: concept score %.4f (its %d texts explain %.4f of its variance)%n", s.index(),
                    s.score(), s.span().indices().length, s.span().explainedShare());
            for (int i : byAlignedShare(s).limit(PRINTED_TEXTS).toArray()) {
                System.out.printf("    %.4f  %s  (nearest concept: %s)%n", s.alignedShare(i),
                        textSet.texts().get(s.span().indices()[i]), conceptSet.texts().get(s.nearestConcepts()[i]));
            }
        }
    }

    private static List<Map<String, Object>> autoJson(List<HeadConceptScore> scores, TextSet textSet,
                                                      TextSet conceptSet) {
        List<Map<String, Object>> heads = new ArrayList<>();
        for (HeadConceptScore s : scores) {
            List<Map<String, Object>> texts = new ArrayList<>();
            for (int i : byAlignedShare(s).toArray()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("text", textSet.texts().get(s.span().indices()[i]));
                t.put("variance", s.span().varianceShares()[i]);
                t.put("alignment", s.alignments()[i]);
                t.put("nearestConcept", conceptSet.texts().get(s.nearestConcepts()[i]));
                texts.add(t);
            }
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("layer", s.layer());
            h.put("head", s.head());
            h.put("score", s.score());
            h.put("explainedVariance", s.span().explainedShare());
            h.put("texts", texts);
            heads.add(h);
        }
        return heads;
    }

    /** The picks of {@code s} in decreasing order of their aligned share. */
    private static IntStream byAlignedShare(HeadConceptScore s) {
        return IntStream.range(0, s.alignments().length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -s.alignedShare(i))).mapToInt(Integer::intValue);
    }

    private static String worst(GroupAccuracies a) {
        int g = a.worstGroup();
        return g < 0 ? "none (no group has images)" : GroupAccuracies.GROUPS.get(g) + " " + a.worst();
    }

    private static String groupName(GroupAccuracies a) {
        int g = a.worstGroup();
        return g < 0 ? null : GroupAccuracies.GROUPS.get(g);
    }

    private static String names(List<HeadIndex> heads) {
        return heads.stream().map(HeadIndex::toString).collect(Collectors.joining(", "));
    }

    private static List<int[]> pairs(List<HeadIndex> heads) {
        return heads.stream().map(h -> new int[] {h.layer(), h.head()}).toList();
    }
}
