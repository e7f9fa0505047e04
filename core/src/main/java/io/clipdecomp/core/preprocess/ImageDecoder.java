package io.clipdecomp.core.preprocess;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decodes PNG, JPEG, GIF, BMP and TIFF bytes into the stored 8-bit samples in the mode Pillow 9.4 would open
 * them in (L, LA, RGB, RGBA or P), with no colour management: EXIF orientation and ICC profiles are ignored,
 * as Pillow's {@code Image.open} ignores them. Raster samples are read, never {@code getRGB}, which would
 * colour-convert gray images.
 */
public final class ImageDecoder {
    /** Pillow refuses images over twice {@code Image.MAX_IMAGE_PIXELS} (DecompressionBombError). */
    static final long MAX_PIXELS = 2L * 89_478_485L;
    /** ImageIO format names we map to Pillow modes; anything else (e.g. WBMP) Pillow would not open alike. */
    private static final Set<String> SUPPORTED_FORMATS = Set.of("png", "jpeg", "jpg", "gif", "bmp", "tif", "tiff");

    private ImageDecoder() {
    }

    /** Reads and decodes an image file; errors name the file. */
    public static RasterImage read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes = Files.readAllBytes(file);
        try {
            return decode(bytes);
        } catch (ImageDecodeException e) {
            throw new ImageDecodeException(file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes an encoded image (the first frame of an animation). */
    public static RasterImage decode(byte[] encoded) throws ImageDecodeException {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.length == 0) {
            throw new ImageDecodeException("empty input: no image bytes");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException("unrecognised image format (" + encoded.length + " bytes, starting "
                        + hexPrefix(encoded) + ")");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, false);
                return decodeWith(reader, encoded);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageDecodeException("corrupt or truncated image data: " + describe(e), e);
        } catch (RuntimeException e) {
            // ImageIO plugins signal some corrupt streams with unchecked exceptions.
            throw new ImageDecodeException("corrupt image data: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            // The failed allocation is the image buffer itself, so the JVM is still usable afterwards.
            throw new ImageDecodeException("not enough memory to decode the image", e);
        }
    }

    private static RasterImage decodeWith(ImageReader reader, byte[] encoded) throws IOException {
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (!SUPPORTED_FORMATS.contains(format)) {
            throw new ImageDecodeException("unsupported image format " + format);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException("image has no pixels: " + width + "x" + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new ImageDecodeException("image too large: " + width + "x" + height + " exceeds " + MAX_PIXELS
                    + " pixels (Pillow's decompression-bomb limit)");
        }
        RasterImage image;
        if (format.equals("png")) {
            image = PngRasterReader.read(reader, encoded);
        } else if (format.equals("jpeg") || format.equals("jpg")) {
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
