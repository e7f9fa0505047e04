package io.clipdecomp.core.segment;

import io.clipdecomp.core.data.ImageFolderDataset;
import io.clipdecomp.core.data.PythonOrder;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.ImageFiles;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.core.preprocess.RasterImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A folder of images with masks (segfolder): {@code root/images/NAME.ext} and {@code root/masks/NAME.png}, in name
 * order (as Python sorts), foreground where the mask is non-zero; the layout {@code generate-shapes --layout
 * segmentation} writes. Every image needs its mask, of the image's size, and every mask its image.
 */
public final class SegmentationFolderDataset implements SegmentationDataset {
    /** The dataset name. */
    public static final String NAME = "segfolder";
    private static final String MASK_EXTENSION = ".png";

    private final Path root;
    private final List<String> images;
    private final ImageLimits limits;

    /** Lists {@code root}; images and masks are read within {@code limits} when their sample is asked for. */
    public SegmentationFolderDataset(Path root, ImageLimits limits) throws IOException {
        this.root = root;
        this.limits = limits;
        Path imageDir = root.resolve("images");
        Path maskDir = root.resolve("masks");
        if (!Files.isDirectory(imageDir) || !Files.isDirectory(maskDir)) {
            throw new IOException("segmentation folder " + root + " needs the sub-folders images/ and masks/");
        }
        List<String> names = list(imageDir, true);
        if (names.isEmpty()) {
            throw new IOException("no image files in " + imageDir);
        }
        names.sort(PythonOrder.CODE_POINTS);
        Set<String> masks = new HashSet<>(list(maskDir, false));
        Set<String> missing = new TreeSet<>(PythonOrder.CODE_POINTS);
        for (String name : names) {
            if (!masks.remove(maskName(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("segmentation folder " + root + ": no mask in masks/ (NAME" + MASK_EXTENSION
                    + ") for the images " + firstFew(missing));
        }
        if (!masks.isEmpty()) {
            Set<String> extra = new TreeSet<>(PythonOrder.CODE_POINTS);
            extra.addAll(masks);
            throw new IOException("segmentation folder " + root + ": masks without an image in images/: "
                    + firstFew(extra));
        }
        this.images = List.copyOf(names);
    }

    private static List<String> list(Path dir, boolean imagesOnly) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) || name.startsWith(".")) {
                    continue;
                }
                if (imagesOnly ? ImageFolderDataset.isImageFile(name) : name.endsWith(MASK_EXTENSION)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static String maskName(String imageName) {
        int dot = imageName.lastIndexOf('.');
        return imageName.substring(0, dot) + MASK_EXTENSION;
    }

    private static String firstFew(Set<String> names) {
        List<String> shown = new ArrayList<>(names).subList(0, Math.min(5, names.size()));
        return String.join(", ", shown) + (names.size() > shown.size() ? " and " + (names.size() - shown.size())
                + " more" : "");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public String sampleId(int index) {
        return images.get(index);
    }

    @Override
    public SegmentationSample sample(int index) throws IOException {
        String name = images.get(index);
        Path imageFile = root.resolve("images").resolve(name);
        Path maskFile = root.resolve("masks").resolve(maskName(name));
        RasterImage image = read(imageFile).toRgb();
        RasterImage mask = read(maskFile);
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IOException("mask " + maskFile + " is " + mask.width() + "x" + mask.height() + " but its image "
                    + imageFile + " is " + image.width() + "x" + image.height());
        }
        return new SegmentationSample(index, name, image, LabelMask.ofNonZero(mask));
    }

    private RasterImage read(Path file) throws IOException {
        byte[] bytes = ImageFiles.read(file, limits.maxBytes());
        try {
            return ImageDecoder.decode(bytes, limits.maxPixels());
        } catch (ImageDecodeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
