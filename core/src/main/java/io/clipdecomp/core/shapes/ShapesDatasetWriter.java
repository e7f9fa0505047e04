package io.clipdecomp.core.shapes;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes shapes-world datasets in the layouts the real datasets use; the same seed gives the same files.
 *
 * <p>Image {@code n} (0-based) is always {@code SceneGenerator.render(seed, n, canvasSize, spec)} with the
 * spec each layout states below. File names are {@code n} zero-padded to at least five digits, so that name
 * order is index order.
 * <ul>
 * <li>{@link Layout#FOLDER}: the ImageFolder layout, {@code <shape>/<n>.png} and nothing else. Each image
 *     has exactly one object; shapes go round-robin ({@code Shape.values()[n % 8]}), so classes are
 *     balanced to within one image, and sorted folder names are the class names. Needs at least one image
 *     per shape.</li>
 * <li>{@link Layout#WATERBIRDS}: {@code metadata.csv} with {@code img_id,img_filename,y,split,place,
 *     place_filename} and images in {@code <shape>/<n>.png}, one object each. Images are split in index
 *     order into train (split 0), validation (1) and test (2) by {@link DatasetOptions}; within a split,
 *     images alternate y = 0, 1, ... ({@link ObjectGroup}); the object's shape is drawn from the group of
 *     y, and the background from the family of {@code place} (0 land, 1 water). In train and validation,
 *     {@code round((1 - correlation) * n)} of the n images of each class are on the unusual family,
 *     spread evenly; in test, exactly half of each class is on each family. {@code img_id} is {@code n + 1};
 *     {@code place_filename} names the background, e.g. {@code /o/ocean/00012.png}, as Places names do.</li>
 * <li>{@link Layout#SEGMENTATION}: {@code images/<n>.png} (RGB) and {@code masks/<n>.png} (L, 255 on
 *     any object, 0 elsewhere), with one or two objects per image.</li>
 * </ul>
 */
public final class ShapesDatasetWriter {
    /** The header of Waterbirds' metadata.csv. */
    public static final String WATERBIRDS_HEADER = "img_id,img_filename,y,split,place,place_filename";
    /** Waterbirds split values. */
    public static final int TRAIN = 0;
    public static final int VALIDATION = 1;
    public static final int TEST = 2;

    private static final int MIN_NAME_DIGITS = 5;

    /** The dataset layouts. */
    public enum Layout {
        FOLDER, WATERBIRDS, SEGMENTATION;

        /** The layout named as on the command line: folder, waterbirds or segmentation. */
        public static Layout fromName(String name) {
            for (Layout layout : values()) {
                if (layout.name().equalsIgnoreCase(name)) {
                    return layout;
                }
            }
            throw new IllegalArgumentException("unknown layout '" + name
                    + "'; expected folder, waterbirds or segmentation");
        }
    }

    private ShapesDatasetWriter() {
    }

    /**
     * Writes {@code count} images of {@code seed} in {@code layout} under {@code out}, which must be absent
     * or an empty folder (so that it holds only the dataset afterwards).
     */
    public static void write(Path out, int count, long seed, Layout layout, DatasetOptions options) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(options, "options");
        if (count <= 0) {
            throw new IllegalArgumentException("image count must be positive, got " + count);
        }
        if (layout == Layout.FOLDER && count < Shape.values().length) {
            throw new IllegalArgumentException("the folder layout needs at least one image per shape ("
                    + Shape.values().length + "), got " + count);
        }
        try {
            prepareEmptyFolder(out);
            switch (layout) {
                case FOLDER:
                    writeFolder(out, count, seed, options);
                    break;
                case WATERBIRDS:
                    writeWaterbirds(out, count, seed, options);
                    break;
                case SEGMENTATION:
                    writeSegmentation(out, count, seed, options);
                    break;
                default:
                    throw new IllegalStateException("unhandled layout " + layout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + layout + " dataset to " + out, e);
        }
    }

    /** Number of train, validation and test images of a Waterbirds dataset of {@code count} images. */
    public static int[] waterbirdsSplitSizes(int count, DatasetOptions options) {
        int test = (int) Math.floor(count * options.testFraction() / 4) * 4;
        int validation = (int) Math.round(count * options.valFraction());
        return new int[] {count - validation - test, validation, test};
    }

    private static void writeFolder(Path out, int count, long seed, DatasetOptions options) throws IOException {
        Shape[] shapes = Shape.values();
        for (Shape shape : shapes) {
            Files.createDirectory(out.resolve(shape.word()));
        }
        for (int n = 0; n < count; n++) {
            Shape shape = shapes[n % shapes.length];
            SceneSpec spec = SceneSpec.any().withObjectCount(1).withShapes(EnumSet.of(shape));
            Scene scene = SceneGenerator.render(seed, n, options.canvasSize(), spec);
            PngFiles.write(scene.image(), out.resolve(shape.word()).resolve(fileName(n, count)));
        }
    }

    private static void writeWaterbirds(Path out, int count, long seed, DatasetOptions options)
            throws IOException {
        int[] sizes = waterbirdsSplitSizes(count, options);
        try (BufferedWriter csv = Files.newBufferedWriter(out.resolve("metadata.csv"), StandardCharsets.UTF_8)) {
            csv.write(WATERBIRDS_HEADER);
            csv.write('\n');
            int n = 0;
            for (int split = TRAIN; split <= TEST; split++) {
                int[] classSizes = {(sizes[split] + 1) / 2, sizes[split] / 2};
                int[] seen = new int[2];
                for (int k = 0; k < sizes[split]; k++, n++) {
                    int y = k % 2;
                    int classSize = classSizes[y];
                    int unusual = split == TEST ? classSize / 2
                            : (int) Math.round((1 - options.spuriousCorrelation()) * classSize);
                    int place = isSpreadHit(seen[y]++, unusual, classSize) ? 1 - y : y;
                    ObjectGroup group = ObjectGroup.ofY(y);
                    SceneSpec spec = SceneSpec.any().withObjectCount(1).withShapes(group.shapes())
                            .withFamily(BackgroundFamily.ofPlace(place));
                    Scene scene = SceneGenerator.render(seed, n, options.canvasSize(), spec);
                    String imageName = scene.objects().get(0).shape().word() + "/" + fileName(n, count);
                    Path image = out.resolve(imageName);
                    Files.createDirectories(image.getParent());
                    PngFiles.write(scene.image(), image);
                    String kind = scene.background().id();
                    String placeName = "/" + kind.charAt(0) + "/" + kind + "/" + fileName(n, count);
                    csv.write((n + 1) + "," + imageName + "," + y + "," + split + "," + place + "," + placeName);
                    csv.write('\n');
                }
            }
        }
    }

    /**
     * Whether item {@code k} of {@code total} is one of {@code hits} items spread evenly over them: exactly
     * {@code hits} of the {@code total} items are.
     */
    private static boolean isSpreadHit(int k, int hits, int total) {
        return (long) (k + 1) * hits / total > (long) k * hits / total;
    }

    private static void writeSegmentation(Path out, int count, long seed, DatasetOptions options)
            throws IOException {
        Path images = Files.createDirectory(out.resolve("images"));
        Path masks = Files.createDirectory(out.resolve("masks"));
        for (int n = 0; n < count; n++) {
            Scene scene = SceneGenerator.render(seed, n, options.canvasSize(), SceneSpec.any());
            PngFiles.write(scene.image(), images.resolve(fileName(n, count)));
            PngFiles.write(scene.unionMask(), masks.resolve(fileName(n, count)));
        }
    }

    private static void prepareEmptyFolder(Path out) throws IOException {
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("output folder " + out
                            + " is not empty; a dataset folder must hold only the dataset");
                }
            }
        } else if (Files.exists(out)) {
            throw new IllegalArgumentException("output path " + out + " exists and is not a folder");
        } else {
            Files.createDirectories(out);
        }
    }

    private static String fileName(int n, int count) {
        int digits = Math.max(MIN_NAME_DIGITS, String.valueOf(count - 1).length());
        return String.format(Locale.ROOT, "%0" + digits + "d.png", n);
    }
}
