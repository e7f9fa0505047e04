package io.clipdecomp.core.segment;

import io.clipdecomp.core.preprocess.RasterImage;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * ImageNet-Segmentation's {@code gtsegs_ijcv.mat} (imagenet_seg), read as the original's
 * {@code utils/imagenet_segmentation.py} reads it.
 *
 * <p>The file is MATLAB 7.3, i.e. HDF5 behind a 512-byte header block. {@code /value/img} and {@code /value/gt} are
 * [n, 1] object references. Image i is stored [3, W, H] uint8 (MATLAB's column-major [H, W, 3] seen from HDF5), so
 * pixel (x, y) of channel c is element {@code [c][x][y]}; its mask is a one-cell array holding one more reference,
 * to a [W, H] uint8 array of 0/1, pixel (x, y) at {@code [x][y]}. jhdf returns references as object addresses and
 * uint8 widened to int.
 */
public final class GtSegsMatDataset implements SegmentationDataset {
    /** The dataset name, as the original's {@code --train_dataset} default. */
    public static final String NAME = "imagenet_seg";
    private static final String IMAGES = "/value/img";
    private static final String MASKS = "/value/gt";

    private final Path file;
    private final HdfFile hdf;
    private final long[] imageRefs;
    private final long[] maskRefs;
    private final long maxPixels;

    /**
     * Opens {@code file} and reads its two reference lists.
     *
     * @param maxPixels the largest width x height an image may have; larger ones are refused before being read
     */
    public GtSegsMatDataset(Path file, long maxPixels) throws IOException {
        this.file = file;
        this.maxPixels = maxPixels;
        if (!Files.isRegularFile(file)) {
            throw new IOException("no segmentation file " + file + " (expected gtsegs_ijcv.mat, MATLAB 7.3)");
        }
        try {
            hdf = new HdfFile(file);
        } catch (HdfException e) {
            throw new IOException(file + " is not a MATLAB 7.3 (HDF5) file: " + e.getMessage(), e);
        }
        try {
            imageRefs = referenceList(IMAGES);
            maskRefs = referenceList(MASKS);
            if (imageRefs.length != maskRefs.length) {
                throw new IOException(file + " has " + imageRefs.length + " images in " + IMAGES + " but "
                        + maskRefs.length + " masks in " + MASKS);
            }
        } catch (IOException | RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    private long[] referenceList(String path) throws IOException {
        Dataset list;
        try {
            list = hdf.getDatasetByPath(path);
        } catch (HdfException e) {
            throw new IOException(file + " has no dataset " + path + " (not in the gtsegs_ijcv.mat layout)", e);
        }
        int[] dims = list.getDimensions();
        if (dims.length != 2 || dims[1] != 1 || !(list.getDataFlat() instanceof long[] refs)) {
            throw new IOException(file + ": " + path + " should be an [n, 1] array of object references, it is "
                    + list.getJavaType().getSimpleName() + " " + Arrays.toString(dims));
        }
        return refs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return imageRefs.length;
    }

    @Override
    public String sampleId(int index) {
        return Integer.toString(index);
    }

    @Override
    public SegmentationSample sample(int index) throws IOException {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("sample " + index + " is outside 0.." + (size() - 1) + " of " + file);
        }
        String where = file + " image " + index;
        try {
            Dataset img = dataset(imageRefs[index], where + " (" + IMAGES + ")");
            int[] dims = img.getDimensions();
            if (dims.length != 3 || dims[0] != 3 || dims[1] <= 0 || dims[2] <= 0) {
                throw new IOException(where + " is stored " + Arrays.toString(dims) + "; expected [3, W, H]");
            }
            int width = dims[1];
            int height = dims[2];
            if ((long) width * height > maxPixels) {
                throw new IOException(where + " is " + width + "x" + height + ", over the limit of " + maxPixels
                        + " pixels");
            }
            int[] stored = bytes(img, where);
            byte[] rgb = new byte[width * height * 3];
            int plane = width * height;
            for (int c = 0; c < 3; c++) {
                for (int x = 0; x < width; x++) {
                    for (int y = 0; y < height; y++) {
                        rgb[(y * width + x) * 3 + c] = (byte) stored[c * plane + x * height + y];
                    }
                }
            }
            Dataset cell = dataset(maskRefs[index], where + "'s mask cell (" + MASKS + ")");
            if (!(cell.getDataFlat() instanceof long[] inner) || inner.length != 1) {
                throw new IOException(where + "'s mask cell should hold one object reference, it is "
                        + cell.getJavaType().getSimpleName() + " " + Arrays.toString(cell.getDimensions()));
            }
            Dataset gt = dataset(inner[0], where + "'s mask");
            int[] maskDims = gt.getDimensions();
            if (maskDims.length != 2 || maskDims[0] <= 0 || maskDims[1] <= 0) {
                throw new IOException(where + "'s mask is stored " + Arrays.toString(maskDims) + "; expected [W, H]");
            }
            int mw = maskDims[0];
            int mh = maskDims[1];
            if ((long) mw * mh > maxPixels) {
                throw new IOException(where + "'s mask is " + mw + "x" + mh + ", over the limit of " + maxPixels
                        + " pixels");
            }
            int[] storedMask = bytes(gt, where + "'s mask");
            byte[] labels = new byte[mw * mh];
            for (int x = 0; x < mw; x++) {
                for (int y = 0; y < mh; y++) {
                    int v = storedMask[x * mh + y];
                    if (v != 0 && v != 1) {
                        throw new IOException(where + "'s mask has the value " + v + " at (" + x + ", " + y
                                + "); expected 0 or 1");
                    }
                    labels[y * mw + x] = (byte) v;
                }
            }
            return new SegmentationSample(index, sampleId(index), RasterImage.rgb(width, height, rgb),
                    LabelMask.of(mw, mh, labels));
        } catch (HdfException e) {
            throw new IOException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The dataset an object reference points to. */
    private Dataset dataset(long address, String what) throws IOException {
        Node node;
        try {
            node = hdf.getNodeByAddress(address);
        } catch (HdfException e) {
            throw new IOException(what + ": the reference to address " + address + " leads nowhere", e);
        }
        if (!(node instanceof Dataset d)) {
            throw new IOException(what + ": the reference leads to a " + node.getType() + ", not a dataset");
        }
        return d;
    }

    /** The dataset's values, which must be integers 0..255 (uint8, which jhdf widens to int). */
    private static int[] bytes(Dataset d, String what) throws IOException {
        Object flat = d.getDataFlat();
        if (!(flat instanceof int[] values)) {
            throw new IOException(what + " holds " + d.getJavaType().getSimpleName() + " values; expected uint8");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) {
                throw new IOException(what + " holds the value " + values[i] + "; expected uint8 (0..255)");
            }
        }
        return values;
    }

    @Override
    public void close() {
        hdf.close();
    }
}
