package io.clipdecomp.core.preprocess;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.imageio.ImageReader;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.List;

/**
 * A JPEG as Pillow 9.4 opens it and {@code convert('RGB')} sees it, from the decoder's raw components.
 *
 * <p>ImageIO's raw raster holds the stored components after IDCT and (fancy) upsampling, before any colour
 * conversion; this class then does what libjpeg does for Pillow: it guesses the colour space the way
 * {@code jdapimin.c default_decompress_parms} does (JFIF and Adobe markers, component ids) and converts YCbCr
 * with libjpeg's fixed-point tables ({@code jdcolor.c}). ICC profiles are ignored, as Pillow ignores them.
 * Four-component files (Pillow mode CMYK, read as Adobe-inverted "CMYK;I") become RGB by Pillow's
 * {@code cmyk2rgb}: {@code R = 255 - K - MULDIV255(C, 255 - K)}, clipped. The IDCT and upsampling are those of
 * the JDK's IJG libjpeg, which Pillow's libjpeg-turbo reproduces except for 4:4:0 chroma subsampling, where
 * libjpeg-turbo interpolates vertically and may differ by a level.
 */
final class JpegRasterReader {
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegRasterReader() {
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALE_BITS) + 0.5);
    }

    /** What libjpeg decides the stored components are. */
    private enum StoredColour { GRAY, RGB, YCBCR, CMYK, YCCK }

    static RasterImage read(ImageReader reader) throws IOException {
        StoredColour stored = storedColour(reader.getImageMetadata(0).getAsTree(FORMAT));
        Raster raster = reader.readRaster(0, null);
        int expectedBands = stored == StoredColour.GRAY ? 1 : stored == StoredColour.RGB || stored == StoredColour.YCBCR ? 3 : 4;
        if (raster.getNumBands() != expectedBands) {
            throw new ImageDecodeException("JPEG decoder returned " + raster.getNumBands() + " components, expected "
                    + expectedBands + " for " + stored);
        }
        switch (stored) {
            case GRAY:
                return RasterSamples.convert(raster, ImageMode.L, null, RasterSamples.bands(0, 0));
            case RGB:
                return RasterSamples.convert(raster, ImageMode.RGB, null, RasterSamples.bands(0, 0, 1, 2));
            case YCBCR:
                return RasterSamples.convert(raster, ImageMode.RGB, null, JpegRasterReader::yccToRgb);
            case CMYK:
                return RasterSamples.convert(raster, ImageMode.RGB, null, JpegRasterReader::adobeCmykToRgb);
            default:
                return RasterSamples.convert(raster, ImageMode.RGB, null, JpegRasterReader::ycckToRgb);
        }
    }

    private static StoredColour storedColour(Node tree) throws ImageDecodeException {
        Element sof = MetadataTree.find(tree, "sof");
        if (sof == null) {
            throw new ImageDecodeException("JPEG has no start-of-frame marker");
        }
        List<Element> components = MetadataTree.children(sof, "componentSpec");
        boolean jfif = MetadataTree.find(tree, "app0JFIF") != null;
        Element adobe = MetadataTree.find(tree, "app14Adobe");
        int adobeTransform = adobe == null ? -1 : MetadataTree.intAttribute(adobe, "transform", -1);
        switch (components.size()) {
            case 1:
                return StoredColour.GRAY;
            case 3:
                if (jfif) {
                    return StoredColour.YCBCR;
                }
                if (adobe != null) {
                    return adobeTransform == 0 ? StoredColour.RGB : StoredColour.YCBCR;
                }
                int c0 = MetadataTree.intAttribute(components.get(0), "componentId", -1);
                int c1 = MetadataTree.intAttribute(components.get(1), "componentId", -1);
                int c2 = MetadataTree.intAttribute(components.get(2), "componentId", -1);
                return c0 == 'R' && c1 == 'G' && c2 == 'B' ? StoredColour.RGB : StoredColour.YCBCR;
            case 4:
                if (adobe != null) {
                    return adobeTransform == 0 ? StoredColour.CMYK : StoredColour.YCCK;
                }
                return StoredColour.CMYK;
            default:
                throw new ImageDecodeException("unsupported JPEG with " + components.size() + " components");
        }
    }

    /** libjpeg {@code ycc_rgb_convert}. */
    private static void yccToRgb(int[] ycc, int bands, byte[] out, int offset, int width) {
        for (int x = 0; x < width; x++) {
            int i = x * bands;
            int o = offset + 3 * x;
            out[o] = (byte) red(ycc[i], ycc[i + 2]);
            out[o + 1] = (byte) green(ycc[i], ycc[i + 1], ycc[i + 2]);
            out[o + 2] = (byte) blue(ycc[i], ycc[i + 1]);
        }
    }

    private static int red(int y, int cr) {
        return clamp(y + CR_R[cr]);
    }

    private static int green(int y, int cb, int cr) {
        return clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
    }

    private static int blue(int y, int cb) {
        return clamp(y + CB_B[cb]);
    }

    /**
     * Pillow: the stored (Adobe-inverted) CMYK is read as "CMYK;I", i.e. C = 255 - stored, then
     * {@code cmyk2rgb} with nk = 255 - K, which is the stored K.
     */
    private static void adobeCmykToRgb(int[] cmyk, int bands, byte[] out, int offset, int width) {
        for (int x = 0; x < width; x++) {
            int i = x * bands;
            int nk = cmyk[i + 3];
            for (int c = 0; c < 3; c++) {
                out[offset + 3 * x + c] = (byte) cmykChannel(cmyk[i + c], nk);
            }
        }
    }

    /** libjpeg's {@code ycck_cmyk_convert} stores 255 - RGB as CMY; the CMYK;I inversion undoes that. */
    private static void ycckToRgb(int[] ycck, int bands, byte[] out, int offset, int width) {
        for (int x = 0; x < width; x++) {
            int i = x * bands;
            int y = ycck[i];
            int cb = ycck[i + 1];
            int cr = ycck[i + 2];
            int nk = ycck[i + 3];
            int o = offset + 3 * x;
            out[o] = (byte) cmykChannel(255 - red(y, cr), nk);
            out[o + 1] = (byte) cmykChannel(255 - green(y, cb, cr), nk);
            out[o + 2] = (byte) cmykChannel(255 - blue(y, cb), nk);
        }
    }

    /** One channel of Pillow's {@code cmyk2rgb} from a stored (inverted) ink value and the stored K. */
    private static int cmykChannel(int storedInk, int nk) {
        return clamp(nk - PillowResize.mulDiv255(255 - storedInk, nk));
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
