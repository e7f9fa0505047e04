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
 * GIF, BMP and TIFF: the first image, mapped to a mode from ImageIO's colour model and the stored samples.
 *
 * <p>Indexed images become P with their colours, except that a palette whose entry i is gray level i becomes L
 * (Pillow opens such GIFs and BMPs as L; the samples are the same). Other images are gray (L, LA) or RGB
 * (RGB, RGBA); samples wider than 8 bits keep their high byte, narrower ones are scaled to 0..255.
 */
final class ColorModelRasterReader {
    private ColorModelRasterReader() {
    }

    static RasterImage read(ImageReader reader) throws IOException {
        BufferedImage image = reader.read(0);
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = raster.getWidth();
        int h = raster.getHeight();
        if (cm instanceof IndexColorModel) {
            IndexColorModel icm = (IndexColorModel) cm;
            int[] palette = new int[icm.getMapSize()];
            boolean grayRamp = true;
            for (int i = 0; i < palette.length; i++) {
                palette[i] = icm.getRGB(i) & 0xFFFFFF;
                grayRamp &= palette[i] == i * 0x010101;
            }
            int[][] indices = {RasterSamples.band(raster, 0)};
            return grayRamp
                    ? RasterSamples.interleave(w, h, ImageMode.L, null, indices)
                    : RasterSamples.interleave(w, h, ImageMode.P, palette, indices);
        }
        int transfer = raster.getTransferType();
        if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT && transfer != DataBuffer.TYPE_INT) {
            throw new ImageDecodeException("unsupported sample type: only integer samples are read");
        }
        int colourType = cm.getColorSpace().getType();
        int colours = cm.getNumColorComponents();
        ImageMode mode;
        if (colourType == ColorSpace.TYPE_GRAY && colours == 1) {
            mode = cm.hasAlpha() ? ImageMode.LA : ImageMode.L;
        } else if (colourType == ColorSpace.TYPE_RGB && colours == 3) {
            mode = cm.hasAlpha() ? ImageMode.RGBA : ImageMode.RGB;
        } else {
            throw new ImageDecodeException("unsupported colour space with " + colours + " colour components");
        }
        if (raster.getNumBands() != mode.bands()) {
            throw new ImageDecodeException("expected " + mode.bands() + " bands for " + mode + ", got "
                    + raster.getNumBands());
        }
        int[][] bands = new int[mode.bands()][];
        for (int b = 0; b < bands.length; b++) {
            bands[b] = to8Bits(RasterSamples.band(raster, b), cm.getComponentSize(b));
        }
        return RasterSamples.interleave(w, h, mode, null, bands);
    }

    private static int[] to8Bits(int[] v, int bits) {
        if (bits == 8) {
            return v;
        }
        int max = (1 << bits) - 1;
        for (int i = 0; i < v.length; i++) {
            v[i] = bits > 8 ? v[i] >>> (bits - 8) : v[i] * 255 / max;
        }
        return v;
    }
}
