package io.clipdecomp.core.data;

import io.clipdecomp.core.preprocess.ImageLimits;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The torchvision ImageFolder layout: {@code root/<class>/**}{@code /<image>}. Classes are the sub-folders
 * sorted by name (label = position); within a class, folders are walked as Python's
 * {@code sorted(os.walk(class_dir, followlinks=True))} and files taken sorted by name, keeping only the
 * extensions torchvision accepts. So item i here is item i of {@code ImageFolder(root)}.
 */
public final class ImageFolderDataset implements ImageDataset {
    /** The name of this dataset in output files unless another is given. */
    public static final String DEFAULT_NAME = "folder";
    /** torchvision's IMG_EXTENSIONS, matched case-insensitively against the end of the file name. */
    public static final List<String> IMAGE_EXTENSIONS =
            List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

    private record Image(Path file, String id, int label) {
    }

    private final String name;
    private final long maxImageBytes;
    private final List<String> classes;
    private final List<Image> images;

    /** Lists {@code root} under the name "folder". */
    public ImageFolderDataset(Path root) throws IOException {
        this(root, DEFAULT_NAME);
    }

    /** Lists {@code root}; {@code name} is used in output file names. */
    public ImageFolderDataset(Path root, String name) throws IOException {
        this(root, name, ImageLimits.DEFAULT_MAX_BYTES);
    }

    /**
     * Lists {@code root}; {@code name} is used in output file names. Files over {@code maxImageBytes}, and entries
     * that are not regular files (a named pipe called x.png), are listed, as torchvision lists them, but refused
     * when their item is read.
     */
    public ImageFolderDataset(Path root, String name, long maxImageBytes) throws IOException {
        this.name = Objects.requireNonNull(name, "name");
        this.maxImageBytes = maxImageBytes;
        if (!Files.isDirectory(root)) {
            throw new IOException("image folder " + root + " does not exist or is not a folder");
        }
        List<String> classNames = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    classNames.add(entry.getFileName().toString());
                }
            }
        }
        if (classNames.isEmpty()) {
            throw new IOException("no class folders in image folder " + root
                    + " (expected root/<class>/<image files>)");
        }
        classNames.sort(PythonOrder.CODE_POINTS);
        List<Image> found = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (int label = 0; label < classNames.size(); label++) {
            int before = found.size();
            listClass(root, classNames.get(label), label, found);
            if (found.size() == before) {
                empty.add(classNames.get(label));
            }
        }
        if (!empty.isEmpty()) {
            throw new IOException("image folder " + root + ": no image files for the classes " + empty
                    + " (accepted extensions: " + String.join(" ", IMAGE_EXTENSIONS) + ")");
        }
        this.classes = Collections.unmodifiableList(classNames);
        this.images = Collections.unmodifiableList(found);
    }

    private static void listClass(Path root, String className, int label, List<Image> out) throws IOException {
        List<Path> folders = new ArrayList<>();
        collectFolders(root.resolve(className), new HashSet<>(), folders);
        // os.walk yields (folder, subfolders, files); sorting those tuples sorts by the folder's path string.
        folders.sort((a, b) -> PythonOrder.compare(a.toString(), b.toString()));
        for (Path folder : folders) {
            List<String> files = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    if (!Files.isDirectory(entry) && isImageFile(entry.getFileName().toString())) {
                        files.add(entry.getFileName().toString());
                    }
                }
            }
            files.sort(PythonOrder.CODE_POINTS);
            for (String file : files) {
                Path path = folder.resolve(file);
                out.add(new Image(path, root.relativize(path).toString().replace('\\', '/'), label));
            }
        }
    }

    /** Adds {@code folder} and all folders below it, following links, refusing link cycles. */
    private static void collectFolders(Path folder, Set<Path> ancestors, List<Path> out) throws IOException {
        Path real = folder.toRealPath();
        if (!ancestors.add(real)) {
            throw new IOException("image folder contains a cycle of symbolic links at " + folder);
        }
        out.add(folder);
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    children.add(entry);
                }
            }
        }
        for (Path child : children) {
            collectFolders(child, ancestors, out);
        }
        ancestors.remove(real);
    }

    /** Whether torchvision's ImageFolder would load a file of this name. */
    public static boolean isImageFile(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : IMAGE_EXTENSIONS) {
            if (lower.endsWith(extension)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public DatasetItem item(int index) throws IOException {
        Image image = images.get(Objects.checkIndex(index, images.size()));
        return new DatasetItem(index, image.id(), new long[] {image.label()},
                new EncodedImage(DatasetFiles.read(image.file(), index, maxImageBytes),
                        image.file().getFileName().toString()));
    }

    @Override
    public String itemId(int index) {
        return images.get(Objects.checkIndex(index, images.size())).id();
    }

    @Override
    public int labelWidth() {
        return 1;
    }

    /** The class folder names, in label order. */
    @Override
    public List<String> classNames() {
        return classes;
    }
}
