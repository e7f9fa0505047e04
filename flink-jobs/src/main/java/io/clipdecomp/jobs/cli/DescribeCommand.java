package io.clipdecomp.jobs.cli;

import com.google.gson.GsonBuilder;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.describe.HeadDescription;
import io.clipdecomp.core.describe.HeadTexts;
import io.clipdecomp.core.describe.ImageDescriber;
import io.clipdecomp.core.describe.TextScore;
import io.clipdecomp.core.describe.TextSpanHeads;
import io.clipdecomp.core.io.FileReplacement;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.textspan.TextSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code describe}: one image in texts, overall and per head of the last layers (asked for upstream, issue #12). */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Describes one image by the texts of a text set (NAME.txt and NAME_{model}.npy as text-set "
                + "writes them; texts used L2-normalised). Overall: the texts with the highest cosine with the image "
                + "embedding. Per head (l,h) of the last layers, with c its direct contribution (token-summed, "
                + "divided by the embedding norm, so that all terms sum to the unit embedding): each text's score "
                + "<c, t>, the head's share of the image-text cosine. With --textspan the head is projected onto its "
                + "own TextSpan texts only, and each also gets its coefficient <c, u_i> along its direction u_i "
                + "orthogonalised (Gram-Schmidt) against the texts picked before it; the head's span share is the "
                + "part of |c|^2 those directions hold. (TextSpan orthogonalises texts projected on the head's "
                + "principal directions over a dataset; one image gives none, so these are raw-embedding "
                + "coefficients.) Without --textspan every text of the set is scored. Texts are ranked by score. The "
                + "image is preprocessed as a dataset's images are. Writes {image}_description_{model}.json and .txt.")
public final class DescribeCommand implements Callable<Integer> {
    private static final int DEFAULT_LAST_LAYERS = 4;

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Mixin
    ImageBytesOption imageBytes;

    @Mixin
    DecodeLimitOptions decodeLimits;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "The image to describe.")
    Path image;

    @Option(names = "--text-set", required = true, paramLabel = "NAME",
            description = "The text set: NAME.txt and NAME_{model}.npy (from text-set) in --text-dir.")
    String textSetName;

    @Option(names = "--text-dir", paramLabel = "DIR",
            description = "Folder of NAME.txt and NAME_{model}.npy (default: --out-dir, where text-set writes).")
    Path textDir;

    @Option(names = "--textspan", paramLabel = "FILE.json",
            description = "A textspan JSON result for this model and text set: each head is projected onto its "
                    + "TextSpan texts.")
    Path textSpan;

    @Option(names = "--top", defaultValue = "5", paramLabel = "N",
            description = "Texts shown overall and per head (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--num-of-last-layers", paramLabel = "N",
            description = "Layers, counted from the last, whose heads are described (default: 4, or all of a "
                    + "smaller model; with --textspan, the heads the file holds).")
    Integer lastLayers;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be 1 or more, got " + top);
        }
        ModelFolder folder = model.folder();
        ClipConfig config = folder.config();
        int layers = config.vision().layers();
        int heads = config.vision().heads();
        String name = model.modelName();
        Path dir = textDir != null ? textDir.toAbsolutePath().normalize() : output.path();
        TextSet textSet = TextSet.read(textSetName, dir, dir, name);
        if (textSet.embeddings().length > 0 && textSet.embeddings()[0].length != config.embedDim()) {
            throw new IllegalArgumentException("text set '" + textSetName + "' has embeddings of " + textSet.embeddings()[0].length
                    + " values but " + name + " embeds into " + config.embedDim() + "; run text-set with this model");
        }
        List<HeadTexts> described = heads(textSet, layers, heads);
        ImageLimits limits = decodeLimits.limits(imageBytes);
        ImageDescriber describer = new ImageDescriber(textSet.embeddings());
        ImageDecomposition terms;
        try (ClipModel clip = model.load(folder); ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            float[] pixels = ImageFileInput.pixels(image.toAbsolutePath(), ImageFileInput.bounded(config, limits), limits);
            terms = decomposer.decompose(List.of(pixels), DecompositionOptions.HEADS).get(0);
        }
        int d = config.embedDim();
        List<TextScore> overall = describer.overall(terms.embedding(), top);
        List<HeadDescription> perHead = new ArrayList<>();
        for (HeadTexts h : described) {
            int from = (h.layer() * heads + h.head()) * d;
            perHead.add(describer.head(h.layer(), h.head(), Arrays.copyOfRange(terms.headTerms(), from, from + d),
                    textSpan == null ? null : h.indices(), top));
        }
        Path out = output.create();
        String stem = ImageFileInput.stem(image) + "_description_" + name;
        Path json = out.resolve(stem + ".json");
        Path text = out.resolve(stem + ".txt");
        String report = report(textSet, overall, perHead, described);
        FileReplacement.writeString(text, report);
        FileReplacement.writeString(json, new GsonBuilder().setPrettyPrinting().create()
                .toJson(json(textSet, overall, perHead, described)) + "\n");
        System.out.print(report);
        System.err.println("wrote " + json + " and " + text.getFileName());
        return 0;
    }

    /** The heads to describe, with their TextSpan texts when --textspan is given. */
    private List<HeadTexts> heads(TextSet textSet, int layers, int heads) throws Exception {
        if (lastLayers != null && (lastLayers < 1 || lastLayers > layers)) {
            throw new IllegalArgumentException("--num-of-last-layers must be within 1.." + layers + ", got " + lastLayers);
        }
        if (textSpan == null) {
            int n = lastLayers != null ? lastLayers : Math.min(DEFAULT_LAST_LAYERS, layers);
            List<HeadTexts> all = new ArrayList<>();
            for (int l = layers - n; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    all.add(new HeadTexts(l, h, new int[0]));
                }
            }
            return all;
        }
        Path file = textSpan.toAbsolutePath().normalize();
        List<HeadTexts> inFile = TextSpanHeads.read(file, textSet);
        TreeSet<String> present = new TreeSet<>();
        for (HeadTexts h : inFile) {
            if (h.layer() >= layers || h.head() >= heads) {
                throw new IllegalArgumentException(file + " has head " + h.layer() + "." + h.head() + ", which "
                        + model.modelName() + " does not (" + layers + " layers of " + heads + " heads); give the "
                        + "textspan result of this model");
            }
            present.add(h.layer() + "." + h.head());
        }
        if (lastLayers == null) {
            return inFile;
        }
        List<HeadTexts> chosen = new ArrayList<>();
        for (HeadTexts h : inFile) {
            if (h.layer() >= layers - lastLayers) {
                chosen.add(h);
            }
        }
        for (int l = layers - lastLayers; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                if (!present.contains(l + "." + h)) {
                    throw new IllegalArgumentException(file + " has no texts for head " + l + "." + h + "; run textspan "
                            + "with --num-of-last-layers " + lastLayers + " or more, or describe fewer layers");
                }
            }
        }
        return chosen;
    }

    private String report(TextSet textSet, List<TextScore> overall, List<HeadDescription> perHead,
                          List<HeadTexts> described) {
        StringBuilder b = new StringBuilder();
        b.append(image.getFileName()).append(" described with ").append(model.modelName()).append(" by text set ")
                .append(textSetName).append(" (").append(textSet.texts().size()).append(" texts)\n\n");
        b.append("Overall: cosine of the image embedding with each text\n");
        for (int i = 0; i < overall.size(); i++) {
            TextScore t = overall.get(i);
            b.append(String.format(Locale.ROOT, "%3d. %+.4f  %s%n", i + 1, t.score(), textSet.texts().get(t.index())));
        }
        b.append('\n').append(textSpan == null
                ? "Per head: score = <head's contribution, text>, its share of the cosine; every text of the set\n"
                : "Per head: score = <head's contribution, text>, its share of the cosine; coef = the contribution along "
                        + "the text's direction orthogonalised against the head's earlier TextSpan picks\n");
        for (int k = 0; k < perHead.size(); k++) {
            HeadDescription h = perHead.get(k);
            b.append(String.format(Locale.ROOT, "%nLayer %d, Head %d  (norm %.4f", h.layer(), h.head(), h.norm()));
            if (h.spanShare() != null) {
                b.append(String.format(Locale.ROOT, "; %.1f%% of its square in the span of its %d TextSpan texts",
                        100 * h.spanShare(), described.get(k).indices().length));
            }
            b.append(")\n");
            for (int i = 0; i < h.texts().size(); i++) {
                TextScore t = h.texts().get(i);
                b.append(String.format(Locale.ROOT, "%3d. %+.4f", i + 1, t.score()));
                if (t.coefficient() != null) {
                    b.append(String.format(Locale.ROOT, "  coef %+.4f", t.coefficient()));
                }
                b.append("  ").append(textSet.texts().get(t.index())).append('\n');
            }
        }
        return b.toString();
    }

    private Map<String, Object> json(TextSet textSet, List<TextScore> overall, List<HeadDescription> perHead,
                                     List<HeadTexts> described) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("image", image.toAbsolutePath().normalize().toString());
        root.put("model", model.modelName());
        root.put("textSet", textSetName);
        root.put("texts", textSet.texts().size());
        root.put("projection", textSpan == null ? "text-set" : "textspan");
        if (textSpan != null) {
            root.put("textSpan", textSpan.toAbsolutePath().normalize().toString());
        }
        root.put("top", top);
        List<Map<String, Object>> over = new ArrayList<>();
        for (int i = 0; i < overall.size(); i++) {
            TextScore t = overall.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", i + 1);
            row.put("index", t.index());
            row.put("text", textSet.texts().get(t.index()));
            row.put("cosine", t.score());
            over.add(row);
        }
        root.put("overall", over);
        List<Map<String, Object>> headRows = new ArrayList<>();
        for (int k = 0; k < perHead.size(); k++) {
            HeadDescription h = perHead.get(k);
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("layer", h.layer());
            head.put("head", h.head());
            head.put("norm", h.norm());
            if (textSpan != null) {
                head.put("textSpanTexts", described.get(k).indices().length);
                head.put("spanShare", h.spanShare());
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < h.texts().size(); i++) {
                TextScore t = h.texts().get(i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("rank", i + 1);
                row.put("index", t.index());
                row.put("text", textSet.texts().get(t.index()));
                row.put("score", t.score());
                if (t.coefficient() != null) {
                    row.put("coefficient", t.coefficient());
                }
                rows.add(row);
            }
            head.put("texts", rows);
            headRows.add(head);
        }
        root.put("heads", headRows);
        return root;
    }
}
