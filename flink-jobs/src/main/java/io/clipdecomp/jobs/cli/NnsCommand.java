package io.clipdecomp.jobs.cli;

import com.google.gson.GsonBuilder;
import io.clipdecomp.connectors.files.DecompositionFileSink;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.decompose.DatasetDecomposer;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.SkippedImage;
import io.clipdecomp.core.io.FileReplacement;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.neighbours.HeadNeighbours;
import io.clipdecomp.core.neighbours.ImageGrid;
import io.clipdecomp.core.neighbours.ModelCrop;
import io.clipdecomp.core.neighbours.Neighbour;
import io.clipdecomp.core.preprocess.BoundedImagePreprocessor;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.PngFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nns}: the images of a dataset whose contribution through one head is most like a query image's (nns.ipynb). */
@Command(name = "nns", mixinStandardHelpOptions = true,
        description = "Nearest neighbours by one head (nns.ipynb): scores every image of a dataset by the raw dot "
                + "product <c_i[l,h], q[l,h]> of its contribution through head l.h (token-summed, as decompose's "
                + "[K,L,H,d] attn: through ln_post and the projection, divided by the image's embedding norm; not a "
                + "cosine) with the query image's, and keeps the --top K in a bounded heap in one pass. Equal scores "
                + "rank the later image first, as the notebook's (score, index) heap does. The query is preprocessed "
                + "as the dataset's images are. Without --input-dir the model runs over the dataset; with it the "
                + "per-head file {dataset}_attn_{model}.npy that decompose wrote there is read in chunks instead (the "
                + "model then computes the query only). Writes {query}_nns_{dataset}_head{l}.{h}_{model}.json (rank, "
                + "index, id, score) and .png: the neighbours as the model's preprocessing crops them (resize and "
                + "centre crop, not normalised), row by row in a grid of about 5:3 (3x5 for 15).")
public final class NnsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Mixin
    DatasetOptions data;

    @Mixin
    ImageBytesOption imageBytes;

    @Mixin
    DecodeLimitOptions decodeLimits;

    @Option(names = "--query", required = true, paramLabel = "FILE", description = "The query image.")
    Path query;

    @Option(names = "--head", required = true, paramLabel = "l.h",
            description = "Layer and head, both from 0, e.g. 3.1.")
    String head;

    @Option(names = "--top", defaultValue = "15", paramLabel = "K",
            description = "Neighbours kept (default: ${DEFAULT-VALUE}, the notebook's).")
    int top;

    @Option(names = "--input-dir", paramLabel = "DIR",
            description = "Read {dataset}_attn_{model}.npy (and {dataset}_files_{model}.txt, for the ids) from "
                    + "decompose's output here instead of running the model over the dataset; the dataset flags "
                    + "still name the images the grid shows.")
    Path inputDir;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Images per forward pass when the model runs over the dataset (default: 8).")
    Integer batchSize;

    @Option(names = "--skip-bad",
            description = "Leave images that cannot be read out of the search (listed in the JSON) instead of stopping.")
    boolean skipBad;

    @Override
    public Integer call() throws Exception {
        int[] lh = parseHead(head);
        if (top < 1) {
            throw new IllegalArgumentException("--top must be 1 or more, got " + top);
        }
        if (inputDir != null && (batchSize != null || skipBad)) {
            throw new IllegalArgumentException("--batch-size and --skip-bad are for runs over the dataset; with "
                    + "--input-dir no image is decomposed but the query");
        }
        ModelFolder folder = model.folder();
        ClipConfig config = folder.config();
        TermShape shape = new TermShape(config.vision().layers(), config.vision().heads(), config.embedDim());
        if (lh[0] >= shape.layers() || lh[1] >= shape.heads()) {
            throw new IllegalArgumentException("--head " + head + " does not exist in " + model.modelName() + ": "
                    + "layers are 0.." + (shape.layers() - 1) + " and heads 0.." + (shape.heads() - 1));
        }
        ImageLimits limits = decodeLimits.limits(imageBytes);
        String name = model.modelName();
        BoundedImagePreprocessor preprocessor = ImageFileInput.bounded(config, limits);
        Search search;
        try (ImageDataset dataset = data.spec().withMaxImageBytes(limits.maxBytes()).open();
             ClipModel clip = model.load(folder);
             ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            float[] pixels = ImageFileInput.pixels(query.toAbsolutePath(), preprocessor, limits);
            float[] queryTerms = decomposer.decompose(List.of(pixels), DecompositionOptions.HEADS).get(0).headTerms();
            HeadNeighbours neighbours = new HeadNeighbours(shape, lh[0], lh[1], queryTerms, top);
            search = inputDir == null ? overDataset(dataset, decomposer, preprocessor, neighbours)
                    : overFiles(dataset, name, shape, neighbours);
            search.querySelfScore = neighbours.score(queryTerms, 0);
            search.grid = gridOf(dataset, search, config, limits);
        }
        write(search, lh, name, config.vision().imageSize());
        return 0;
    }

    /** The outcome of one search: the neighbours, their ids and dataset items, and what was scanned. */
    private static final class Search {
        String dataset;
        String source;
        long scanned;
        double querySelfScore;
        List<Neighbour> neighbours;
        List<String> ids = new ArrayList<>();
        List<Integer> items = new ArrayList<>(); // dataset item of each neighbour
        List<SkippedImage> skipped = List.of();
        RasterImage grid;
        ImageGrid layout;
    }

    private Search overDataset(ImageDataset dataset, ImageDecomposer decomposer, BoundedImagePreprocessor preprocessor,
                               HeadNeighbours neighbours) throws InterruptedException {
        int count = Math.min(dataset.size(), data.limit());
        System.err.println("nns: " + count + " images of " + dataset.name() + " with " + model.modelName() + ", head "
                + head);
        Search s = new Search();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("nns").setInitialMax(count)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" img", 1).build()) {
            DatasetDecomposer pass = new DatasetDecomposer(decomposer, preprocessor, batchSize == null ? 8 : batchSize);
            try {
                s.skipped = pass.run(dataset, data.limit(), skipBad, (index, id, terms) -> {
                    neighbours.offer(index, terms.headTerms(), 0);
                    bar.step();
                });
            } catch (IllegalArgumentException e) {
                if (e.getCause() instanceof IOException) { // an unusable image: say how to go on without it
                    throw new IllegalArgumentException(e.getMessage() + " (use --skip-bad to leave it out)", e);
                }
                throw e;
            }
        }
        s.dataset = dataset.name();
        s.source = "model";
        s.scanned = neighbours.offered();
        s.neighbours = neighbours.ranked();
        for (Neighbour n : s.neighbours) {
            s.items.add((int) n.index());
            s.ids.add(dataset.itemId((int) n.index()));
        }
        return s;
    }

    private Search overFiles(ImageDataset dataset, String name, TermShape shape, HeadNeighbours neighbours)
            throws IOException {
        Path dir = inputDir.toAbsolutePath().normalize();
        Search s = new Search();
        s.dataset = dataset.name();
        s.source = dir.toString();
        try (DecompositionRows rows = DecompositionRows.open(dir, s.dataset, name, false)) {
            if (!rows.shape().equals(shape)) {
                throw new IllegalArgumentException("the decomposition in " + dir + " has L, H, d = "
                        + rows.shape().layers() + ", " + rows.shape().heads() + ", " + rows.shape().dim() + " but "
                        + name + " has " + shape.layers() + ", " + shape.heads() + ", " + shape.dim()
                        + "; give the --model-dir that decompose ran with");
            }
            s.scanned = Math.min(rows.rows(), data.limit());
            System.err.println("nns: " + s.scanned + " rows of " + s.dataset + "_attn_" + name + ".npy, head " + head);
            try {
                neighbours.offer(rows, data.limit());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(dir.resolve(s.dataset + "_attn_" + name + ".npy") + ": "
                        + e.getMessage(), e);
            }
            s.neighbours = neighbours.ranked();
            Path list = DecompositionFileSink.fileList(dir, s.dataset, name);
            if (Files.isRegularFile(list)) {
                matchByIds(dataset, list, s);
            } else {
                if (rows.rows() != dataset.size()) {
                    throw new IllegalArgumentException("the decomposition in " + dir + " has " + rows.rows()
                            + " rows, the dataset " + dataset.size() + " images, and there is no " + list.getFileName()
                            + " to match them; give the dataset flags decompose ran with");
                }
                for (Neighbour n : s.neighbours) {
                    s.items.add((int) n.index());
                    s.ids.add(dataset.itemId((int) n.index()));
                }
            }
        }
        return s;
    }

    /** The neighbours' ids from decompose's row list, and the dataset items with those ids. */
    private static void matchByIds(ImageDataset dataset, Path list, Search s) throws IOException {
        Map<Long, String> wanted = new HashMap<>();
        for (Neighbour n : s.neighbours) {
            wanted.put(n.index(), null);
        }
        try (BufferedReader in = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split("\t", 3);
                if (fields.length != 3) {
                    throw new IllegalArgumentException(list + " has a line that is not row, label and id: " + line);
                }
                long row;
                try {
                    row = Long.parseLong(fields[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(list + " has a line whose row is not a number: " + line);
                }
                if (wanted.containsKey(row)) {
                    wanted.put(row, fields[2]);
                }
            }
        }
        Map<String, Integer> items = new HashMap<>();
        for (String id : wanted.values()) {
            if (id != null) {
                items.put(id, null);
            }
        }
        for (int i = 0; i < dataset.size(); i++) {
            String id = dataset.itemId(i);
            if (items.containsKey(id)) {
                items.put(id, i);
            }
        }
        for (Neighbour n : s.neighbours) {
            String id = wanted.get(n.index());
            if (id == null) {
                throw new IllegalArgumentException(list + " does not list row " + n.index());
            }
            Integer item = items.get(id);
            if (item == null) {
                throw new IllegalArgumentException("row " + n.index() + " is image " + id + " in " + list.getFileName()
                        + ", which the dataset does not hold; give the dataset flags decompose ran with");
            }
            s.ids.add(id);
            s.items.add(item);
        }
    }

    private static RasterImage gridOf(ImageDataset dataset, Search s, ClipConfig config, ImageLimits limits)
            throws IOException {
        List<RasterImage> tiles = new ArrayList<>();
        for (int i = 0; i < s.items.size(); i++) {
            try {
                tiles.add(ModelCrop.of(dataset.item(s.items.get(i)).payload(), ImageFileInput.preprocessor(config),
                        config.preprocess(), limits.maxPixels()));
            } catch (ImageDecodeException e) {
                throw new IllegalArgumentException("neighbour " + s.ids.get(i) + " cannot be shown: " + e.getMessage(), e);
            }
        }
        s.layout = ImageGrid.forCount(tiles.size());
        return s.layout.compose(tiles);
    }

    private void write(Search s, int[] lh, String name, int size) throws IOException {
        Path out = output.create();
        String stem = ImageFileInput.stem(query) + "_nns_" + s.dataset + "_head" + lh[0] + "." + lh[1] + "_" + name;
        Path png = out.resolve(stem + ".png");
        Path json = out.resolve(stem + ".json");
        Path temporary = FileReplacement.temporaryFor(png);
        try {
            Files.write(temporary, PngFiles.encode(s.grid));
            FileReplacement.moveIntoPlace(temporary, png);
        } finally {
            Files.deleteIfExists(temporary);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf("%-5s %-8s %-12s %s%n", "rank", "index", "score", "id");
        for (int i = 0; i < s.neighbours.size(); i++) {
            Neighbour n = s.neighbours.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", n.rank());
            row.put("index", n.index());
            row.put("id", s.ids.get(i));
            row.put("score", n.score());
            rows.add(row);
            System.out.printf("%-5d %-8d %-12.6g %s%n", n.rank(), n.index(), n.score(), s.ids.get(i));
        }
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("file", png.getFileName().toString());
        grid.put("rows", s.layout.rows());
        grid.put("cols", s.layout.cols());
        grid.put("tile", size);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("query", query.toAbsolutePath().normalize().toString());
        result.put("dataset", s.dataset);
        result.put("model", name);
        result.put("layer", lh[0]);
        result.put("head", lh[1]);
        result.put("top", top);
        result.put("source", s.source);
        result.put("images", s.scanned);
        result.put("querySelfScore", s.querySelfScore);
        result.put("neighbours", rows);
        result.put("grid", grid);
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (SkippedImage k : s.skipped) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", k.index());
            entry.put("id", k.id());
            entry.put("reason", k.reason());
            skipped.add(entry);
        }
        result.put("skipped", skipped);
        FileReplacement.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(result) + "\n");
        System.err.println("wrote " + json + " and " + png.getFileName() + " (" + s.layout.rows() + "x"
                + s.layout.cols() + "; " + s.scanned + " images scanned" + (s.skipped.isEmpty() ? ""
                : ", " + s.skipped.size() + " skipped") + ")");
    }

    /** {@code l.h} as {l, h}. */
    static int[] parseHead(String text) {
        String[] parts = text.trim().split("\\.");
        try {
            if (parts.length == 2) {
                int l = Integer.parseInt(parts[0]);
                int h = Integer.parseInt(parts[1]);
                if (l >= 0 && h >= 0) {
                    return new int[] {l, h};
                }
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("--head must be layer.head with both from 0, e.g. 3.1; got '" + text + "'");
    }
}
