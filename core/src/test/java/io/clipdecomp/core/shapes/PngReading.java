package io.clipdecomp.core.shapes;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads PNG files back for tests through ImageIO's raster: samples as stored, no colour conversion. */
final class PngReading {
    private PngReading() {
    }

    static RasterImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not an image: " + file);
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int[] samples = raster.getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
        byte[] bytes = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            bytes[i] = (byte) samples[i];
        }
        ImageMode mode = bands == 1 ? ImageMode.L : bands == 3 ? ImageMode.RGB : null;
        if (mode == null) {
            throw new IOException(file + " has " + bands + " bands");
        }
        return new RasterImage(image.getWidth(), image.getHeight(), mode, bytes, null);
    }
}
