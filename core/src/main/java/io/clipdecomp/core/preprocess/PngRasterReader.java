package io.clipdecomp.core.preprocess;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.imageio.ImageReader;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A PNG as Pillow 9.4 opens it ({@code PngImagePlugin._MODES}), from the stored samples: the PNG colour type
 * decides the mode, not what ImageIO makes of it (ImageIO adds alpha for tRNS, Pillow does not).
 *
 * <ul>
 *   <li>gray 1-bit: Pillow mode "1" (0 / 255, resized with NEAREST); kept as P with a black/white palette,
 *       which converts and resizes identically;</li>
 *   <li>gray 2/4/8-bit: L, samples scaled as Pillow's L;2 / L;4 unpackers do (times 0x55 / 0x11);</li>
 *   <li>gray 16-bit: Pillow mode I, whose {@code convert('RGB')} clips to 0..255; kept as {@link ImageMode#I}
 *       with values over 255 set to 255;</li>
 *   <li>gray+alpha 8-bit: LA; 16-bit: RGBA with the gray high byte in R, G and B (Pillow's LA;16B unpacker);</li>
 *   <li>RGB, RGBA: 8-bit as stored, 16-bit the high byte;</li>
 *   <li>palette 1/2/4/8-bit: P with the PLTE colours (tRNS ignored, as {@code convert('RGB')} does).</li>
 * </ul>
 */
final class PngRasterReader {
    private static final String FORMAT = "javax_imageio_png_1.0";
    private static final int PNG_SIGNATURE_LENGTH = 8;

    private PngRasterReader() {
    }

    static RasterSamples read(ImageReader reader, byte[] png) throws IOException {
        Node tree = reader.getImageMetadata(0).getAsTree(FORMAT);
        Element header = MetadataTree.find(tree, "IHDR");
        if (header == null) {
            throw new ImageDecodeException("PNG has no IHDR header");
        }
        int bitDepth = Integer.parseInt(header.getAttribute("bitDepth"));
        String colourType = header.getAttribute("colorType");
        Raster raster = reader.read(0).getRaster();
        int shift = bitDepth == 16 ? 8 : 0;
        switch (colourType) {
            case "Grayscale":
                return gray(raster, bitDepth);
            case "GrayAlpha":
                if (bitDepth == 16) {
                    return RasterSamples.bands(raster, ImageMode.RGBA, null, shift, 0, 0, 0, 1);
                }
                return RasterSamples.bands(raster, ImageMode.LA, null, 0, 0, 1);
            case "RGB":
                return RasterSamples.bands(raster, ImageMode.RGB, null, shift, 0, 1, 2);
            case "RGBAlpha":
                return RasterSamples.bands(raster, ImageMode.RGBA, null, shift, 0, 1, 2, 3);
            case "Palette":
                return RasterSamples.bands(raster, ImageMode.P, palette(png), 0, 0);
            default:
                throw new ImageDecodeException("unsupported PNG colour type " + colourType);
        }
    }

    private static RasterSamples gray(Raster raster, int bitDepth) throws ImageDecodeException {
        switch (bitDepth) {
            case 1:
                return RasterSamples.bands(raster, ImageMode.P, new int[] {0x000000, 0xFFFFFF}, 0, 0);
            case 2:
            case 4:
                int scale = bitDepth == 2 ? 0x55 : 0x11;
                return RasterSamples.convert(raster, ImageMode.L, null, (stored, bands, out, offset, width) -> {
                    for (int x = 0; x < width; x++) {
                        out[offset + x] = (byte) (stored[x * bands] * scale);
                    }
                });
            case 8:
                return RasterSamples.bands(raster, ImageMode.L, null, 0, 0);
            case 16:
                return RasterSamples.convert(raster, ImageMode.I, null, (stored, bands, out, offset, width) -> {
                    for (int x = 0; x < width; x++) {
                        out[offset + x] = (byte) Math.min(stored[x * bands], 255);
                    }
                });
            default:
                throw new ImageDecodeException("unsupported PNG gray bit depth " + bitDepth);
        }
    }

    /**
     * The PLTE colours read from the chunk itself: ImageIO pads its palette to a power of two, while Pillow
     * keeps the stored entries and maps any index past them to gray.
     */
    private static int[] palette(byte[] png) throws ImageDecodeException {
        long next = PNG_SIGNATURE_LENGTH;
        while (next + 8 <= png.length) {
            int at = (int) next;
            long length = readInt(png, at) & 0xFFFFFFFFL;
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("PLTE")) {
                if (length % 3 != 0 || length > 256 * 3 || at + 8 + length > png.length) {
                    throw new ImageDecodeException("invalid PLTE chunk of " + length + " bytes");
                }
                int[] colours = new int[(int) length / 3];
                for (int i = 0; i < colours.length; i++) {
                    int p = at + 8 + 3 * i;
                    colours[i] = (png[p] & 0xFF) << 16 | (png[p + 1] & 0xFF) << 8 | png[p + 2] & 0xFF;
                }
                return colours;
            }
            if (type.equals("IDAT")) {
                break;
            }
            next = at + 12 + length;
        }
        throw new ImageDecodeException("palette PNG has no PLTE chunk before its image data");
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
