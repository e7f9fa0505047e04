package io.clipdecomp.core.shapes;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rendered scene and its truth: the RGB image, which object painted each visible pixel, the objects,
 * the background kind and a caption.
 *
 * <p>Masks hold visible pixels only: where a later object covers an earlier one, the pixel belongs to the
 * later object. Every mask pixel has exactly the object's {@link SceneObject#rgb()} in the image, and every
 * pixel outside all masks is background.
 */
public final class Scene {
    private final RasterImage image;
    private final byte[] labels;
    private final List<SceneObject> objects;
    private final Background background;
    private final long textureSeed;
    private final String caption;

    /**
     * @param image the rendered RGB image
     * @param labels per pixel, row-major: 0 for background, k + 1 where object k is visible
     * @param objects the objects in painting order (later ones on top)
     * @param background the background kind
     * @param textureSeed the seed of the background texture
     * @param caption a caption of the scene
     */
    Scene(RasterImage image, byte[] labels, List<SceneObject> objects, Background background, long textureSeed,
          String caption) {
        this.image = Objects.requireNonNull(image, "image");
        if (image.mode() != ImageMode.RGB) {
            throw new IllegalArgumentException("a scene image must be RGB, got " + image.mode());
        }
        if (labels.length != image.width() * image.height()) {
            throw new IllegalArgumentException("expected " + image.width() * image.height()
                    + " labels, got " + labels.length);
        }
        this.objects = List.copyOf(objects);
        if (this.objects.size() > SceneSpec.MAX_OBJECTS) {
            throw new IllegalArgumentException("a scene holds at most " + SceneSpec.MAX_OBJECTS
                    + " objects, got " + this.objects.size());
        }
        this.labels = labels;
        this.background = Objects.requireNonNull(background, "background");
        this.textureSeed = textureSeed;
        this.caption = Objects.requireNonNull(caption, "caption");
    }

    /** The RGB image. */
    public RasterImage image() {
        return image;
    }

    public int width() {
        return image.width();
    }

    public int height() {
        return image.height();
    }

    /** The objects in painting order. */
    public List<SceneObject> objects() {
        return objects;
    }

    public Background background() {
        return background;
    }

    /**
     * The seed that fixed the background texture: {@link SceneGenerator#compose} with it and no objects paints
     * this scene's background alone.
     */
    public long textureSeed() {
        return textureSeed;
    }

    public String caption() {
        return caption;
    }

    /** 0 if pixel (x, y) shows background, else 1 + the index of the object visible there. */
    public int label(int x, int y) {
        return labels[y * image.width() + x];
    }

    /** Visible pixels of object {@code k} as an L image: 255 inside, 0 elsewhere. */
    public RasterImage objectMask(int k) {
        if (k < 0 || k >= objects.size()) {
            throw new IndexOutOfBoundsException("object " + k + " of a scene with " + objects.size());
        }
        byte[] mask = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            mask[i] = labels[i] == k + 1 ? (byte) 255 : 0;
        }
        return new RasterImage(image.width(), image.height(), ImageMode.L, mask, null);
    }

    /** Visible pixels of all objects as an L image: 255 on any object, 0 on background. */
    public RasterImage unionMask() {
        byte[] mask = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            mask[i] = labels[i] != 0 ? (byte) 255 : 0;
        }
        return new RasterImage(image.width(), image.height(), ImageMode.L, mask, null);
    }

    /** The smallest box around object {@code k}'s visible pixels, empty if it is fully covered. */
    public Optional<PixelBox> visibleBox(int k) {
        int width = image.width();
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == k + 1) {
                int x = i % width;
                int y = i / width;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
            }
        }
        return x1 < 0 ? Optional.empty() : Optional.of(new PixelBox(x0, y0, x1 + 1, y1 + 1));
    }
}
