package io.clipdecomp.core.data;

import io.clipdecomp.core.preprocess.ImageLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Waterbirds (Sagawa et al.) as binary_waterbirds: {@code root/metadata.csv} with columns
 * {@code img_id,img_filename,y,split,place,place_filename}, split codes 0 train, 1 val, 2 test. Items are the
 * rows of one split in file order; the label is {y, place} (y: 0 landbird, 1 waterbird; place: 0 land,
 * 1 water); the image is {@code root/<img_filename>}.
 */
public final class WaterbirdsDataset implements ImageDataset {
    /** The name of this dataset in output files. */
    public static final String NAME = "binary_waterbirds";
    /** The metadata file inside the root. */
    public static final String METADATA_FILE = "metadata.csv";
    /** The split the paper evaluates on. */
    public static final String DEFAULT_SPLIT = "test";
    private static final Map<String, Integer> SPLIT_CODES = Map.of("train", 0, "val", 1, "test", 2);
    private static final List<String> CLASSES = List.of("landbird", "waterbird");

    private record Image(String filename, long y, long place) {
    }

    private final Path root;
    private final String split;
    private final long maxImageBytes;
    private final List<Image> images;

    /** The test split of {@code root}. */
    public WaterbirdsDataset(Path root) throws IOException {
        this(root, DEFAULT_SPLIT);
    }

    /** The rows of {@code split} ("train", "val" or "test") in {@code root/metadata.csv}. */
    public WaterbirdsDataset(Path root, String split) throws IOException {
        this(root, split, ImageLimits.DEFAULT_MAX_BYTES);
    }

    /** As {@link #WaterbirdsDataset(Path, String)}, refusing image files over {@code maxImageBytes} when read. */
    public WaterbirdsDataset(Path root, String split, long maxImageBytes) throws IOException {
        Integer code = SPLIT_CODES.get(Objects.requireNonNull(split, "split"));
        if (code == null) {
            throw new IllegalArgumentException("unknown Waterbirds split '" + split + "' (use train, val or test)");
        }
        this.root = root;
        this.split = split;
        this.maxImageBytes = maxImageBytes;
        CsvTable table = CsvTable.read(root.resolve(METADATA_FILE));
        int filename = table.column("img_filename");
        int y = table.column("y");
        int splitColumn = table.column("split");
        int place = table.column("place");
        List<Image> found = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            if (table.integer(row, splitColumn) == code) {
                found.add(new Image(row.fields().get(filename), table.integer(row, y), table.integer(row, place)));
            }
        }
        if (found.isEmpty()) {
            throw new IOException("CSV file " + table.file() + " has no rows of split " + split + " (code " + code
                    + ")");
        }
        this.images = Collections.unmodifiableList(found);
    }

    /** The split these items come from. */
    public String split() {
        return split;
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
    public DatasetItem item(int index) throws IOException {
        Image image = images.get(Objects.checkIndex(index, images.size()));
        Path file = root.resolve(image.filename());
        return new DatasetItem(index, image.filename(), new long[] {image.y(), image.place()},
                new EncodedImage(DatasetFiles.read(file, index, maxImageBytes), file.getFileName().toString()));
    }

    @Override
    public String itemId(int index) {
        return images.get(Objects.checkIndex(index, images.size())).filename();
    }

    @Override
    public int labelWidth() {
        return 2;
    }

    /** landbird, waterbird. */
    @Override
    public List<String> classNames() {
        return CLASSES;
    }
}
