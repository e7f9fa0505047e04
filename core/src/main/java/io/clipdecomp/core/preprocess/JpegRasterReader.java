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
        int w = raster.getWidth();
        int h = raster.getHeight();
        int expectedBands = stored == StoredColour.GRAY ? 1 : stored == StoredColour.RGB || stored == StoredColour.YCBCR ? 3 : 4;
        if (raster.getNumBands() != expectedBands) {
            throw new ImageDecodeException("JPEG decoder returned " + raster.getNumBands() + " components, expected "
                    + expectedBands + " for " + stored);
        }
        int[][] in = new int[expectedBands][];
        for (int b = 0; b < expectedBands; b++) {
            in[b] = RasterSamples.band(raster, b);
        }
        switch (stored) {
            case GRAY:
                return RasterSamples.interleave(w, h, ImageMode.L, null, in);
            case RGB:
                return RasterSamples.interleave(w, h, ImageMode.RGB, null, in);
            case YCBCR:
                return RasterSamples.interleave(w, h, ImageMode.RGB, null, yccToRgb(in[0], in[1], in[2]));
            case CMYK:
                return RasterSamples.interleave(w, h, ImageMode.RGB, null, adobeCmykToRgb(in));
            default:
                int[][] rgb = yccToRgb(in[0], in[1], in[2]);
                // libjpeg's ycck_cmyk_convert stores 255 - RGB as CMY; the CMYK;I inversion undoes that.
                int[][] adobeCmyk = new int[][] {invert(rgb[0]), invert(rgb[1]), invert(rgb[2]), in[3]};
                return RasterSamples.interleave(w, h, ImageMode.RGB, null, adobeCmykToRgb(adobeCmyk));
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
    private static int[][] yccToRgb(int[] y, int[] cb, int[] cr) {
        int n = y.length;
        int[][] rgb = new int[3][n];
        for (int i = 0; i < n; i++) {
            rgb[0][i] = clamp(y[i] + CR_R[cr[i]]);
            rgb[1][i] = clamp(y[i] + ((CB_G[cb[i]] + CR_G[cr[i]]) >> SCALE_BITS));
            rgb[2][i] = clamp(y[i] + CB_B[cb[i]]);
        }
        return rgb;
    }

    /**
     * Pillow: the stored (Adobe-inverted) CMYK is read as "CMYK;I", i.e. C = 255 - stored, then
     * {@code cmyk2rgb} with nk = 255 - K, which is the stored K.
     */
    private static int[][] adobeCmykToRgb(int[][] storedCmyk) {
        int n = storedCmyk[0].length;
        int[][] rgb = new int[3][n];
        for (int i = 0; i < n; i++) {
            int nk = storedCmyk[3][i];
            for (int c = 0; c < 3; c++) {
                rgb[c][i] = clamp(nk - PillowResize.mulDiv255(255 - storedCmyk[c][i], nk));
            }
        }
        return rgb;
    }

    private static int[] invert(int[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = 255 - v[i];
        }
        return out;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
