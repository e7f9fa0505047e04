package io.clipdecomp.core.preprocess;

import javax.imageio.ImageReader;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;

/**
 * GIF, BMP, TIFF and WebP: the first image, mapped to a mode from ImageIO's colour model and the stored samples.
 *
 * <p>Indexed images become P with their colours, except that a palette whose entry i is gray level i becomes L
 * (Pillow opens such BMPs as L; the samples are the same). Other images are gray (L, LA; wider than 8 bits I,
 * clipped as Pillow's I;16 converts), RGB (RGB, RGBA) or CMYK as stored; colour samples wider than 8 bits keep
 * their high byte, narrower ones are scaled to 0..255.
 */
final class ColorModelRasterReader {
    private ColorModelRasterReader() {
    }

    static RasterSamples read(ImageReader reader) throws IOException {
        BufferedImage image = reader.read(0);
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel) {
            IndexColorModel icm = (IndexColorModel) cm;
            int[] palette = new int[icm.getMapSize()];
            boolean grayRamp = true;
            for (int i = 0; i < palette.length; i++) {
                palette[i] = icm.getRGB(i) & 0xFFFFFF;
                grayRamp &= palette[i] == i * 0x010101;
            }
            return grayRamp
                    ? RasterSamples.bands(raster, ImageMode.L, null, 0, 0)
                    : RasterSamples.bands(raster, ImageMode.P, palette, 0, 0);
        }
        int transfer = raster.getTransferType();
        if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT && transfer != DataBuffer.TYPE_INT) {
            throw new ImageDecodeException("unsupported sample type: only integer samples are read");
        }
        int colourType = cm.getColorSpace().getType();
        int colours = cm.getNumColorComponents();
        int[] bits = cm.getComponentSize();
        ImageMode mode;
        if (colourType == ColorSpace.TYPE_GRAY && colours == 1 && !cm.hasAlpha() && bits[0] > 8) {
            // Pillow's I;16, which convert('RGB') clips
            return RasterSamples.convert(raster, ImageMode.I, null, (stored, bands, out, offset, width) -> {
                for (int x = 0; x < width; x++) {
                    out[offset + x] = (byte) Math.min(stored[x * bands], 255);
                }
            });
        } else if (colourType == ColorSpace.TYPE_GRAY && colours == 1) {
            mode = cm.hasAlpha() ? ImageMode.LA : ImageMode.L;
        } else if (colourType == ColorSpace.TYPE_RGB && colours == 3) {
            mode = cm.hasAlpha() ? ImageMode.RGBA : ImageMode.RGB;
        } else if (colourType == ColorSpace.TYPE_CMYK && colours == 4 && !cm.hasAlpha()) {
            mode = ImageMode.CMYK; // TIFF stores ink as Pillow holds it
        } else {
            throw new ImageDecodeException("unsupported colour space with " + colours + " colour components");
        }
        if (raster.getNumBands() != mode.bands()) {
            throw new ImageDecodeException("expected " + mode.bands() + " bands for " + mode + ", got "
                    + raster.getNumBands());
        }
        return RasterSamples.convert(raster, mode, null, (stored, bands, out, offset, width) -> {
            for (int i = 0; i < width * bands; i++) {
                out[offset + i] = (byte) to8Bits(stored[i], bits[i % bands]);
            }
        });
    }

    /** Samples wider than 8 bits keep their high byte, narrower ones are scaled to 0..255. */
    private static int to8Bits(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        return bits > 8 ? v >>> (bits - 8) : v * 255 / ((1 << bits) - 1);
    }
}
