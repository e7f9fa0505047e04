package io.clipdecomp.core.preprocess;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG, GIF, BMP, TIFF and WebP through an ImageIO reader (pure Java: the JDK's, TwelveMonkeys' for TIFF and WebP),
 * mapped to Pillow's modes by
 * {@link PngRasterReader} and {@link ColorModelRasterReader}.
 */
final class ImageIoSource implements ImageSource {
    /** ImageIO format names we map to Pillow modes; anything else (e.g. WBMP) Pillow would not open alike. */
    private static final Set<String> SUPPORTED_FORMATS = Set.of("png", "gif", "bmp", "tif", "tiff", "webp");
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

    ImageIoSource(byte[] encoded, ImageInputStream in, ImageReader reader) throws IOException {
        this.encoded = encoded;
        this.in = in;
        this.reader = reader;
        this.format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (!SUPPORTED_FORMATS.contains(format)) {
            throw new ImageDecodeException("unsupported image format " + format);
        }
        if (format.equals("webp")) {
            refuseLossyWebp(encoded);
        }
        this.width = reader.getWidth(0);
        this.height = reader.getHeight(0);
        this.storedBytesPerPixel = storedBytesPerPixel(storedType());
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /**
     * The decoded samples, a row buffer, the decoder's fixed needs, and twice both the encoded bytes and the
     * raster as stored, since ImageIO's PNG reader holds a second raster-sized buffer for colour images and caches
     * the stream as it reads it.
     */
    @Override
    public long decodeBytes() {
        long pixels = (long) width * height;
        return 2 * (encoded.length + pixels * storedBytesPerPixel) + pixels * MAX_BANDS
                + (long) width * ROW_BYTES_PER_PIXEL + FIXED_BYTES;
    }

    @Override
    public void decode(ImageSink sink) throws IOException {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        RasterSamples image = format.equals("png") ? PngRasterReader.read(reader, encoded)
                : ColorModelRasterReader.read(reader);
        for (String warning : warnings) {
            // Decoders fill a truncated stream with gray and only warn; Pillow refuses such files.
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("truncated") || w.contains("premature end")) {
                throw new ImageDecodeException("truncated " + format + " data: " + warning);
            }
        }
        image.feed(sink);
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

    /**
     * Lossy WebP (VP8) is refused: TwelveMonkeys' decoder is up to 78 levels away from libwebp's, which Pillow uses
     * (measured on this project's corpus); lossless WebP (VP8L) is exact by definition. The first frame decides, as
     * Pillow shows the first frame of an animation.
     */
    private static void refuseLossyWebp(byte[] webp) throws ImageDecodeException {
        int at = 12;
        while (at + 8 <= webp.length) {
            String chunk = new String(webp, at, 4, StandardCharsets.ISO_8859_1);
            long size = (webp[at + 4] & 0xFFL) | (webp[at + 5] & 0xFFL) << 8 | (webp[at + 6] & 0xFFL) << 16
                    | (webp[at + 7] & 0xFFL) << 24;
            if (chunk.equals("VP8 ")) {
                throw new ImageDecodeException("lossy WebP is not decoded: no Java decoder here reproduces "
                        + "libwebp's pixels, which Pillow gives (convert it to PNG, or to lossless WebP)");
            }
            if (chunk.equals("VP8L")) {
                return;
            }
            // an animation's first frame holds its image chunks after a 16-byte frame header
            at = chunk.equals("ANMF") ? at + 8 + 16 : (int) Math.min(Integer.MAX_VALUE, at + 8 + size + (size & 1));
        }
        throw new ImageDecodeException("corrupt WebP: no image data (VP8 or VP8L chunk) found");
    }

    /** The raster type the decoder will allocate: its first image type. */
    private ImageTypeSpecifier storedType() {
        try {
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
