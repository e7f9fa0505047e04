package io.clipdecomp.jobs.cli;

import com.google.gson.GsonBuilder;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.heatmap.BilinearUpsampling;
import io.clipdecomp.core.heatmap.HeatmapOverlay;
import io.clipdecomp.core.heatmap.PatchTextMap;
import io.clipdecomp.core.io.FileReplacement;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.model.VisionConfig;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.ImageFiles;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.RasterImage;
import io.clipdecomp.core.shapes.PngFiles;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import io.clipdecomp.core.text.TextLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code heatmap}: where in one image each text is seen, per patch, as demo.ipynb draws it. */
@Command(name = "heatmap", mixinStandardHelpOptions = true,
        description = "Per-patch text heatmaps of one image (demo.ipynb): each patch's direct contribution, summed "
                + "over all layers and heads (or one with --head), dotted with each unit text embedding; computed "
                + "inside the forward pass, never per-token vectors. Writes {stem}_input.png (the model's view of "
                + "the image), per text {stem}_text{k}.png (image vs text k) and, with two or more texts, "
                + "{stem}_text{k}_vs_mean.png (text k minus the mean of all texts), each map upsampled bilinearly "
                + "by the patch size, scaled by its own range, jet-coloured over the image; {stem}_heatmaps.json "
                + "lists them. The image is preprocessed on its own as the notebook's preprocess(Image.open(path)): "
                + "RGB after resizing, so palette and alpha images resize in their own mode.")
public final class HeatmapCommand implements Callable<Integer> {
    private static final int TEXT_BATCH = 64;

    @Mixin
    ModelOptions model;

    @Mixin
    OutputDirectory output;

    @Mixin
    ImageBytesOption imageBytes;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "The image (PNG, JPEG, ...).")
    Path image;

    @Option(names = "--texts", required = true, paramLabel = "FILE", description = "Texts, one per line.")
    Path texts;

    @Option(names = "--save-npy",
            description = "Also write {stem}_map.npy [P, T] float32: per patch (row-major, class token excluded) the "
                    + "sum over all layers and heads of its term dotted with each unit text embedding, the raw map "
                    + "before contrast or upsampling (with --head also {stem}_head{l}.{h}_map.npy, that head's).")
    boolean saveNpy;

    @Option(names = "--head", paramLabel = "l.h", description = "Draw the maps of this head only (0-indexed).")
    String head;

    @Override
    public Integer call() throws Exception {
        List<String> lines = TextLines.read(texts.toAbsolutePath());
        ModelFolder folder = model.folder();
        ClipConfig config = folder.config();
        VisionConfig vision = config.vision();
        HeadIndex only = head == null ? null : HeadIndex.parse(head);
        if (only != null && (only.layer() >= vision.layers() || only.head() >= vision.heads())) {
            throw new IllegalArgumentException("--head " + only + " is outside the model's " + vision.layers()
                    + " layers of " + vision.heads() + " heads");
        }
        Path file = image.toAbsolutePath();
        RasterImage raster;
        try {
            raster = ImageDecoder.decode(ImageFiles.read(file, imageBytes.maxBytes()), ImageLimits.DEFAULT_MAX_PIXELS);
        } catch (ImageDecodeException e) {
            throw new ImageDecodeException(file + ": " + e.getMessage(), e);
        }
        ClipImagePreprocessor preprocessor = ClipImagePreprocessor.forModel(config);
        RasterImage shown = preprocessor.resizeAndCrop(raster, ColourConversion.AFTER_CROP);
        float[] pixels = preprocessor.toPixels(raster, ColourConversion.AFTER_CROP);

        ImageDecomposition decomposition;
        try (ClipTokenizer tokenizer = ClipTokenizer.forModel(folder);
             ClipModel clip = model.load(folder);
             ImageDecomposer decomposer = new ImageDecomposer(clip)) {
            float[][] unitTexts = new TextEncoder(clip, tokenizer).encodeNormalized(lines, TEXT_BATCH);
            decomposition = decomposer.decompose(List.of(pixels), new DecompositionOptions(false, unitTexts)).get(0);
        }
        PatchTextMap all = PatchTextMap.of(decomposition, null);
        PatchTextMap drawn = only == null ? all : PatchTextMap.of(decomposition, only);

        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String tag = only == null ? "" : "_head" + only;
        Path out = output.create();
        int grid = all.grid();
        int patch = vision.patchSize();
        PngFiles.write(shown, out.resolve(stem + "_input.png"));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", k);
            entry.put("text", lines.get(k));
            String vsImage = stem + tag + "_text" + k + ".png";
            PngFiles.write(HeatmapOverlay.over(shown, BilinearUpsampling.upsample(drawn.text(k), grid, patch)),
                    out.resolve(vsImage));
            entry.put("imageVsText", vsImage);
            if (lines.size() > 1) {
                String vsMean = stem + tag + "_text" + k + "_vs_mean.png";
                PngFiles.write(HeatmapOverlay.over(shown, BilinearUpsampling.upsample(drawn.contrast(k), grid, patch)),
                        out.resolve(vsMean));
                entry.put("textVsMean", vsMean);
            }
            entries.add(entry);
        }
        List<String> arrays = new ArrayList<>();
        if (saveNpy) {
            arrays.add(writeMap(out.resolve(stem + "_map.npy"), all));
            if (only != null) {
                arrays.add(writeMap(out.resolve(stem + tag + "_map.npy"), drawn));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("image", file.toString());
        json.put("model", model.modelName());
        json.put("head", only == null ? "all" : only.toString());
        json.put("size", vision.imageSize());
        json.put("grid", grid);
        json.put("input", stem + "_input.png");
        json.put("texts", entries);
        json.put("maps", arrays);
        Path index = out.resolve(stem + tag + "_heatmaps.json");
        FileReplacement.writeString(index, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n");
        System.out.printf("heatmaps of %s for %d texts (%s) in %s: %d PNG files%s%n", fileName, lines.size(),
                only == null ? "all heads" : "head " + only, out, 1 + lines.size() * (lines.size() > 1 ? 2 : 1),
                arrays.isEmpty() ? "" : ", " + String.join(", ", arrays));
        return 0;
    }

    private static String writeMap(Path file, PatchTextMap map) throws IOException {
        NpyWriter.write(file, map.values(), (long) map.grid() * map.grid(), map.texts());
        return file.getFileName().toString();
    }
}
