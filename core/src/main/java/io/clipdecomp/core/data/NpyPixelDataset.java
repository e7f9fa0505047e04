package io.clipdecomp.core.data;

import io.clipdecomp.core.io.NpyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Already-preprocessed pixels in a float .npy of shape [K, 3, S, S]; item i is row i, read on demand so
 * the file may be larger than memory. Labels are all 0.
 */
public final class NpyPixelDataset implements ImageDataset {
    /** The name of this dataset in output files. */
    public static final String NAME = "npy";

    private final NpyReader reader;
    private final String fileName;
    private final int size;
    private final int imageSize;

    /** Opens {@code file} and checks its shape; {@link #close()} releases it. */
    public NpyPixelDataset(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // opening a named pipe would wait for a writer forever
            throw new IOException("pixel file " + file + " is not a regular file; only regular files are read");
        }
        NpyReader opened = NpyReader.open(file);
        try {
            long[] shape = opened.shape();
            if (shape.length != 4 || shape[1] != 3 || shape[2] != shape[3] || shape[2] == 0) {
                throw new IOException("pixel file " + file + " has shape " + Arrays.toString(shape)
                        + "; expected [K, 3, S, S]");
            }
            if (!opened.dtype().isFloating()) {
                throw new IOException("pixel file " + file + " holds " + opened.dtype().descr()
                        + "; expected float pixels");
            }
            if (shape[0] > Integer.MAX_VALUE) {
                throw new IOException("pixel file " + file + " has more than " + Integer.MAX_VALUE + " images");
            }
            this.size = (int) shape[0];
            this.imageSize = (int) shape[2];
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        this.reader = opened;
        this.fileName = file.getFileName().toString();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return size;
    }

    /** Side length S of the square images. */
    public int imageSize() {
        return imageSize;
    }

    /** Row {@code index} as pixels; its id is {@code <file name>#<index>}. */
    @Override
    public DatasetItem item(int index) throws IOException {
        Objects.checkIndex(index, size);
        return new DatasetItem(index, itemId(index), new long[] {0},
                new PreprocessedPixels(reader.readFloatRow(index), imageSize));
    }

    @Override
    public String itemId(int index) {
        return fileName + "#" + Objects.checkIndex(index, size);
    }

    @Override
    public int labelWidth() {
        return 1;
    }

    /** Unknown: the file holds pixels only. */
    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
