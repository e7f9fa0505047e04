package io.clipdecomp.core.shapes;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes RGB and L {@link RasterImage}s as 8-bit PNG files, sample for sample (no colour conversion).
 */
public final class PngFiles {
    private PngFiles() {
    }

    /** Writes {@code image} (mode RGB or L) to {@code file} as a PNG, replacing the file. */
    public static void write(RasterImage image, Path file) {
        try (OutputStream stream = Files.newOutputStream(file)) {
            write(image, stream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PNG " + file, e);
        }
    }

    /** The PNG file's bytes for {@code image} (mode RGB or L), for images that live in memory only. */
    public static byte[] encode(RasterImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(image, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
        return bytes.toByteArray();
    }

    private static void write(RasterImage image, OutputStream stream) throws IOException {
        BufferedImage buffered = toBufferedImage(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this Java runtime has no PNG writer");
        }
        ImageWriter writer = writers.next();
        // An in-memory cache: ImageIO's default file cache would create a temporary file per image.
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(stream)) {
            writer.setOutput(output);
            writer.write(buffered);
        } finally {
            writer.dispose();
        }
    }

    /** The image as a BufferedImage sharing no data with it: TYPE_3BYTE_BGR for RGB, TYPE_BYTE_GRAY for L. */
    static BufferedImage toBufferedImage(RasterImage image) {
        int width = image.width();
        int height = image.height();
        byte[] samples = image.samples();
        if (image.mode() == ImageMode.L) {
            BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            byte[] target = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
            System.arraycopy(samples, 0, target, 0, samples.length);
            return gray;
        }
        if (image.mode() == ImageMode.RGB) {
            BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            byte[] target = ((DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < samples.length; i += 3) {
                target[i] = samples[i + 2];
                target[i + 1] = samples[i + 1];
                target[i + 2] = samples[i];
            }
            return rgb;
        }
        throw new IllegalArgumentException("PNG writing supports RGB and L images, got " + image.mode());
    }
}
