package io.clipdecomp.core.shapes;

import io.clipdecomp.core.preprocess.RasterImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Renders scenes of the shapes world. Scene {@code index} of a {@code seed} depends on nothing else, so a
 * stream can generate any image on demand, in any order, on any thread.
 *
 * <p>A scene has one or two objects. One object sits at a random {@link Position}; two sit on opposite
 * sides (left/right or top/bottom), and at most one of them is large, so that they rarely touch. Objects
 * are rasterised without antialiasing: a pixel belongs to an object when its centre is inside the outline,
 * and later objects paint over earlier ones.
 */
public final class SceneGenerator {
    /** The default canvas side in pixels. */
    public static final int DEFAULT_CANVAS = 64;
    /** The smallest canvas on which small objects still cover a few pixels. */
    public static final int MIN_CANVAS = 16;
    /** The largest canvas rendered: scenes are meant to be small. */
    public static final int MAX_CANVAS = 1024;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** Off-axis jitter of an object's centre, as a fraction of the canvas side. */
    private static final double CROSS_JITTER = 0.08;
    /** Range of how far towards its edge an object sits, as a fraction of the room it has. */
    private static final double MIN_PUSH = 0.7;

    private SceneGenerator() {
    }

    /** Scene {@code index} of {@code seed} on the default canvas, with no constraints. */
    public static Scene render(long seed, long index) {
        return render(seed, index, DEFAULT_CANVAS, SceneSpec.any());
    }

    /**
     * Scene {@code index} of {@code seed}: a function of these four arguments alone.
     *
     * @param canvasSize side of the square image in pixels
     * @param spec what the scene may contain
     */
    public static Scene render(long seed, long index, int canvasSize, SceneSpec spec) {
        checkCanvas(canvasSize);
        Objects.requireNonNull(spec, "spec");
        SplittableRandom random = new SplittableRandom(mix(mix(seed) + GOLDEN_GAMMA * index));
        int count = spec.minObjects() + random.nextInt(spec.maxObjects() - spec.minObjects() + 1);
        Background background = pick(drawableBackgrounds(spec), random);
        long textureSeed = random.nextLong();
        List<ShapeColour> colours = new ArrayList<>();
        for (ShapeColour colour : spec.colours()) {
            if (background.allows(colour)) {
                colours.add(colour);
            }
        }
        List<Shape> shapes = List.copyOf(spec.shapes());
        List<Position> positions = positions(count, random);
        List<SceneObject> objects = new ArrayList<>(count);
        boolean largeUsed = false;
        for (int k = 0; k < count; k++) {
            Shape shape = pick(shapes, random);
            ShapeColour colour = pick(colours, random);
            int rgb = colour.jittered(jitter(random), jitter(random), jitter(random));
            ObjectSize size = largeUsed ? ObjectSize.SMALL : pick(List.of(ObjectSize.values()), random);
            largeUsed |= size == ObjectSize.LARGE;
            double radius = canvasSize * (size.minRadius()
                    + (size.maxRadius() - size.minRadius()) * random.nextDouble());
            Position position = positions.get(k);
            double room = canvasSize / 2.0 - radius;
            double push = count == 1 && position == Position.CENTER ? 0.0
                    : MIN_PUSH + (1 - MIN_PUSH) * random.nextDouble();
            double crossRoom = Math.min(CROSS_JITTER * canvasSize, room);
            double crossX = position.directionX() == 0 ? crossRoom * (2 * random.nextDouble() - 1) : 0;
            double crossY = position.directionY() == 0 ? crossRoom * (2 * random.nextDouble() - 1) : 0;
            double centreX = canvasSize / 2.0 + position.directionX() * room * push + crossX;
            double centreY = canvasSize / 2.0 + position.directionY() * room * push + crossY;
            objects.add(new SceneObject(shape, colour, rgb, size, position, centreX, centreY, radius));
        }
        String caption = CaptionWriter.write(new SplittableRandom(random.nextLong()), background, objects);
        return compose(canvasSize, background, textureSeed, objects, caption);
    }

    /**
     * Paints given objects, in order, over a background texture: the renderer behind {@link #render}, open
     * for scenes whose truth is chosen by hand.
     *
     * @param textureSeed fixes the background texture's parameters and noise
     */
    public static Scene compose(int canvasSize, Background background, long textureSeed,
                                List<SceneObject> objects, String caption) {
        checkCanvas(canvasSize);
        Objects.requireNonNull(background, "background");
        if (objects.size() > SceneSpec.MAX_OBJECTS) {
            throw new IllegalArgumentException("a scene holds at most " + SceneSpec.MAX_OBJECTS
                    + " objects, got " + objects.size());
        }
        byte[] rgb = new byte[canvasSize * canvasSize * 3];
        BackgroundPainter.paint(background, rgb, canvasSize, new SplittableRandom(textureSeed));
        byte[] labels = new byte[canvasSize * canvasSize];
        for (int k = 0; k < objects.size(); k++) {
            SceneObject object = objects.get(k);
            int x0 = Math.max(0, (int) Math.floor(object.centreX() - object.radius()));
            int x1 = Math.min(canvasSize - 1, (int) Math.ceil(object.centreX() + object.radius()));
            int y0 = Math.max(0, (int) Math.floor(object.centreY() - object.radius()));
            int y1 = Math.min(canvasSize - 1, (int) Math.ceil(object.centreY() + object.radius()));
            byte r = (byte) (object.rgb() >> 16);
            byte g = (byte) (object.rgb() >> 8);
            byte b = (byte) object.rgb();
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    if (object.coversPixel(x, y)) {
                        int p = y * canvasSize + x;
                        labels[p] = (byte) (k + 1);
                        rgb[3 * p] = r;
                        rgb[3 * p + 1] = g;
                        rgb[3 * p + 2] = b;
                    }
                }
            }
        }
        return new Scene(RasterImage.rgb(canvasSize, canvasSize, rgb), labels, objects, background, textureSeed,
                caption);
    }

    private static void checkCanvas(int canvasSize) {
        if (canvasSize < MIN_CANVAS || canvasSize > MAX_CANVAS) {
            throw new IllegalArgumentException("canvas size must be in [" + MIN_CANVAS + ", " + MAX_CANVAS
                    + "] pixels, got " + canvasSize);
        }
    }

    private static List<Background> drawableBackgrounds(SceneSpec spec) {
        List<Background> drawable = new ArrayList<>();
        for (Background kind : spec.backgrounds()) {
            for (ShapeColour colour : spec.colours()) {
                if (kind.allows(colour)) {
                    drawable.add(kind);
                    break;
                }
            }
        }
        return drawable;
    }

    /** One object anywhere; two on opposite sides, in random order. */
    private static List<Position> positions(int count, SplittableRandom random) {
        if (count == 1) {
            return List.of(pick(List.of(Position.values()), random));
        }
        Position first = random.nextBoolean()
                ? (random.nextBoolean() ? Position.LEFT : Position.RIGHT)
                : (random.nextBoolean() ? Position.TOP : Position.BOTTOM);
        return List.of(first, first.opposite());
    }

    private static int jitter(SplittableRandom random) {
        return random.nextInt(2 * ShapeColour.MAX_JITTER + 1) - ShapeColour.MAX_JITTER;
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    /** The SplitMix64 finaliser: spreads nearby seeds and indices over all 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
