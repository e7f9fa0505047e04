package io.clipdecomp.core.data;

import io.clipdecomp.core.shapes.PngFiles;
import io.clipdecomp.core.shapes.Scene;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneSpec;
import io.clipdecomp.core.shapes.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Scenes of the synthetic shapes world, generated on demand: item i is scene i of the seed with one object,
 * {@code SceneGenerator.render(seed, i, canvas, SceneSpec.any().withObjectCount(1))}, encoded as PNG so that
 * it goes through the same decoding and preprocessing as images read from files. The label is the object's
 * shape as an index into the shape words sorted by name, the order of the ImageFolder layout's class folders.
 */
public final class ShapesDataset implements ImageDataset {
    /** The name of this dataset on the command line and in output files. */
    public static final String NAME = "shapes";
    /** Images when no count is given. */
    public static final int DEFAULT_COUNT = 1000;
    /** Seed when none is given. */
    public static final long DEFAULT_SEED = 0;

    private static final List<String> CLASSES = sortedShapeWords();
    private static final SceneSpec SPEC = SceneSpec.any().withObjectCount(1);

    private final int count;
    private final long seed;
    private final int canvasSize;

    /** {@link #DEFAULT_COUNT} scenes of seed {@link #DEFAULT_SEED} on the default canvas. */
    public ShapesDataset() {
        this(DEFAULT_COUNT, DEFAULT_SEED, SceneGenerator.DEFAULT_CANVAS);
    }

    /**
     * @param count number of scenes
     * @param seed the scenes' seed
     * @param canvasSize side of each image in pixels
     */
    public ShapesDataset(int count, long seed, int canvasSize) {
        if (count <= 0) {
            throw new IllegalArgumentException("shapes dataset: image count must be positive, got " + count);
        }
        if (canvasSize < SceneGenerator.MIN_CANVAS || canvasSize > SceneGenerator.MAX_CANVAS) {
            throw new IllegalArgumentException("shapes dataset: canvas size must be in [" + SceneGenerator.MIN_CANVAS
                    + ", " + SceneGenerator.MAX_CANVAS + "] pixels, got " + canvasSize);
        }
        this.count = count;
        this.seed = seed;
        this.canvasSize = canvasSize;
    }

    private static List<String> sortedShapeWords() {
        List<String> words = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            words.add(shape.word());
        }
        words.sort(PythonOrder.CODE_POINTS);
        return Collections.unmodifiableList(words);
    }

    /** The scene behind item {@code index}. */
    public Scene scene(int index) {
        Objects.checkIndex(index, count);
        return SceneGenerator.render(seed, index, canvasSize, SPEC);
    }

    /** The class names of the labels: the shape words sorted by name. */
    public static List<String> shapeClasses() {
        return CLASSES;
    }

    /** The label of a scene's (single) object: its shape's position among the sorted shape words. */
    public static long label(Scene scene) {
        return CLASSES.indexOf(scene.objects().get(0).shape().word());
    }

    public long seed() {
        return seed;
    }

    public int canvasSize() {
        return canvasSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return count;
    }

    /** Scene {@code index} as PNG bytes, id {@code shapes_<index>}. */
    @Override
    public DatasetItem item(int index) {
        Scene scene = scene(index);
        String id = itemId(index);
        return new DatasetItem(index, id, new long[] {label(scene)},
                new EncodedImage(PngFiles.encode(scene.image()), id + ".png"));
    }

    @Override
    public String itemId(int index) {
        return NAME + "_" + Objects.checkIndex(index, count);
    }

    @Override
    public int labelWidth() {
        return 1;
    }

    /** The shape words sorted by name, in label order. */
    @Override
    public List<String> classNames() {
        return CLASSES;
    }
}
