package io.clipdecomp.core.preprocess;

import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An encoded image whose header has been read and checked (format, size, pixel limit, data enough for the
 * claimed size) and whose pixels are not decoded yet: callers can learn what decoding will cost before paying
 * it. Made by {@link ImageDecoder#open}; close it to release the decoder.
 */
public final class OpenImage implements AutoCloseable {
    /** ImageIO format names we map to Pillow modes; anything else (e.g. WBMP) Pillow would not open alike. */
    private static final Set<String> SUPPORTED_FORMATS = Set.of("png", "jpeg", "jpg", "gif", "bmp", "tif", "tiff");
    /** What a decoded pixel can cost: 16-bit RGBA as stored. */
    private static final int WIDEST_STORED_PIXEL = 8;
    /** Samples per pixel of the decoded image, at most (RGBA). */
    private static final int MAX_BANDS = 4;
    /** The int row buffer holds up to four samples per pixel, four bytes each. */
    private static final int ROW_BYTES_PER_PIXEL = 16;
    /** What a decoder allocates whatever the image's size: metadata trees, tables, stream buffers. */
    private static final long FIXED_BYTES = 1L << 20;

    private final byte[] encoded;
    private final ImageInputStream in;
    private final ImageReader reader;
    private final String format;
    private final int width;
    private final int height;
    private final int storedBytesPerPixel;

    OpenImage(byte[] encoded, ImageInputStream in, ImageReader reader, long maxPixels) throws IOException {
        this.encoded = encoded;
        this.in = in;
        this.reader = reader;
        this.format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (!SUPPORTED_FORMATS.contains(format)) {
            throw new ImageDecodeException("unsupported image format " + format);
        }
        this.width = reader.getWidth(0);
        this.height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException("image has no pixels: " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageDecodeException("image too large: " + width + "x" + height + " = " + pixels
                    + " pixels, over the limit of " + maxPixels + " pixels (" + ImageLimits.MAX_PIXELS_OPTION + ")");
        }
        if (format.equals("png")) {
            EncodedDataCheck.png(encoded, width, height);
        } else if (isJpeg()) {
            EncodedDataCheck.jpeg(encoded, width, height);
        }
        this.storedBytesPerPixel = storedBytesPerPixel(storedType());
    }

    public String format() {
        return format;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Heap that {@link #decode()} may hold at its peak, at most: the decoded samples, a row buffer, the decoder's
     * fixed needs, and twice both the encoded bytes and the raster as stored, since ImageIO's PNG reader holds a
     * second raster-sized buffer for colour images and caches the stream as it reads it.
     */
    public long decodeBytes() {
        long pixels = (long) width * height;
        return 2 * (encoded.length + pixels * storedBytesPerPixel) + pixels * MAX_BANDS
                + (long) width * ROW_BYTES_PER_PIXEL + FIXED_BYTES;
    }

    /** Decodes the pixels (the first frame of an animation). */
    public RasterImage decode() throws ImageDecodeException {
        try {
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            RasterImage image;
            if (format.equals("png")) {
                image = PngRasterReader.read(reader, encoded);
            } else if (isJpeg()) {
                image = JpegRasterReader.read(reader);
            } else {
                image = ColorModelRasterReader.read(reader);
            }
            for (String warning : warnings) {
                // Decoders fill a truncated stream with gray and only warn; Pillow refuses such files.
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("truncated") || w.contains("premature end")) {
                    throw new ImageDecodeException("truncated " + format + " data: " + warning);
                }
            }
            return image;
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        } catch (Exception e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError) {
                    throw outOfMemory(cause); // ImageIO wraps it in an IIOException
                }
            }
            throw ImageDecoder.failure(e);
        }
    }

    /** The failed allocation is the image buffer itself, so the JVM is still usable afterwards. */
    private ImageDecodeException outOfMemory(Throwable e) {
        return new ImageDecodeException("ran out of memory decoding this " + width + "x" + height + " " + format
                + " (the heap is too small for it next to what else runs; lower " + ImageLimits.DECODE_BUDGET_OPTION
                + " or give the JVM more heap)", e);
    }

    @Override
    public void close() throws ImageDecodeException {
        reader.dispose();
        try {
            in.close();
        } catch (IOException e) {
            throw new ImageDecodeException("cannot release the image stream: " + e.getMessage(), e);
        }
    }

    private boolean isJpeg() {
        return format.equals("jpeg") || format.equals("jpg");
    }

    /** The raster type the decoder will allocate: JPEGs are read raw, the others as their first image type. */
    private ImageTypeSpecifier storedType() {
        try {
            if (isJpeg()) {
                return reader.getRawImageType(0);
            }
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            return types.hasNext() ? types.next() : null;
        } catch (IOException | RuntimeException e) {
            return null; // not known before decoding; the estimate assumes the widest
        }
    }

    /** Bytes per pixel of the raster the decoder will allocate; the widest there is when it does not say. */
    private static int storedBytesPerPixel(ImageTypeSpecifier type) {
        if (type == null) {
            return WIDEST_STORED_PIXEL;
        }
        SampleModel model = type.getSampleModel();
        int bits = DataBuffer.getDataTypeSize(model.getDataType()) * model.getNumDataElements();
        return Math.max(1, (bits + 7) / 8);
    }
}
