package io.clipdecomp.core.preprocess;

import io.clipdecomp.core.preprocess.jpeg.JpegDecoder;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;

/**
 * Decodes PNG, JPEG, GIF, BMP, TIFF, PNM and lossless WebP bytes into the stored 8-bit samples in the mode Pillow 9.4 would open
 * them in (L, LA, RGB, RGBA, P or CMYK), with no colour management: EXIF orientation and ICC profiles are ignored,
 * as Pillow's {@code Image.open} ignores them. Raster samples are read, never {@code getRGB}, which would
 * colour-convert gray images. Headers are checked before any pixel is allocated (see {@link OpenImage}).
 */
public final class ImageDecoder {
    private ImageDecoder() {
    }

    /** Reads and decodes an image file within the default limits; errors name the file. */
    public static RasterImage read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes = ImageFiles.read(file, ImageLimits.DEFAULT_MAX_BYTES);
        try {
            return decode(bytes);
        } catch (ImageDecodeException e) {
            throw new ImageDecodeException(file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes an encoded image (the first frame of an animation) of at most Pillow's pixel limit. */
    public static RasterImage decode(byte[] encoded) throws ImageDecodeException {
        return decode(encoded, ImageLimits.DEFAULT_MAX_PIXELS);
    }

    /** Decodes an encoded image (the first frame of an animation) of at most {@code maxPixels} pixels. */
    public static RasterImage decode(byte[] encoded, long maxPixels) throws ImageDecodeException {
        try (OpenImage image = open(encoded, maxPixels)) {
            return image.decode();
        }
    }

    /** Reads and checks the header of an encoded image of at most {@code maxPixels} pixels, decoding nothing. */
    public static OpenImage open(byte[] encoded, long maxPixels) throws ImageDecodeException {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.length == 0) {
            throw new ImageDecodeException("empty input: no image bytes");
        }
        ImageSource source = null;
        try {
            source = source(encoded);
            return new OpenImage(encoded, source, maxPixels);
        } catch (Exception | OutOfMemoryError e) {
            if (source != null) {
                source.close();
            }
            throw e instanceof OutOfMemoryError
                    ? new ImageDecodeException("ran out of memory reading the image header", e)
                    : failure((Exception) e);
        }
    }

    /** The decoder for the format the bytes start with. */
    private static ImageSource source(byte[] encoded) throws IOException {
        if (JpegDecoder.sniff(encoded)) {
            return new JpegSource(JpegDecoder.open(encoded));
        }
        if (PnmSource.sniff(encoded)) {
            return PnmSource.open(encoded);
        }
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded));
        ImageReader reader = null;
        try {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException("unrecognised image format (" + encoded.length + " bytes, starting "
                        + hexPrefix(encoded) + ")");
            }
            reader = readers.next();
            reader.setInput(in, false, false);
            return new ImageIoSource(encoded, in, reader);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (reader != null) {
                reader.dispose();
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // the stream is a byte array; there is nothing left to release
            }
            throw e;
        }
    }

    /** What a decoder's exception means, in our words. */
    static ImageDecodeException failure(Exception e) {
        if (e instanceof ImageDecodeException decode) {
            return decode;
        }
        if (e instanceof IOException) {
            return new ImageDecodeException("corrupt or truncated image data: " + describe(e), e);
        }
        // ImageIO plugins signal some corrupt streams with unchecked exceptions.
        return new ImageDecodeException("corrupt image data: " + describe(e), e);
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; cause = cause.getCause(), depth++) {
            sb.append(" (caused by ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                sb.append(": ").append(cause.getMessage());
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }
}
