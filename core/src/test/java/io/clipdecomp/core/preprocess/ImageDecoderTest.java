package io.clipdecomp.core.preprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static io.clipdecomp.core.preprocess.PillowResizeTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {
    private static final Random RANDOM = new Random(7);

    @Test
    void grayPngKeepsTheStoredSamples() throws IOException {
        BufferedImage gray = new BufferedImage(16, 4, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = gray.getRaster();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 16; x++) {
                r.setSample(x, y, 0, x * 16 + y * 3);
            }
        }
        RasterImage img = ImageDecoder.decode(encode(gray, "png"));
        assertEquals(ImageMode.L, img.mode());
        assertEquals(16, img.width());
        assertEquals(4, img.height());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 16; x++) {
                assertEquals(x * 16 + y * 3, img.sample(x, y, 0));
            }
        }
    }

    @Test
    void lowBitDepthGrayPngIsScaledLikePillow() throws IOException {
        RasterImage two = ImageDecoder.decode(PngBytes.encode(4, 1, 2, PngBytes.GRAY, new int[] {0, 1, 2, 3}, null, null));
        assertEquals(ImageMode.L, two.mode());
        assertArrayEquals(bytes(0, 85, 170, 255), two.samples());
        RasterImage four = ImageDecoder.decode(PngBytes.encode(3, 1, 4, PngBytes.GRAY, new int[] {0, 7, 15}, null, null));
        assertArrayEquals(bytes(0, 119, 255), four.samples());
    }

    @Test
    void oneBitGrayPngBehavesAsPillowModeOne() throws IOException {
        RasterImage img = ImageDecoder.decode(PngBytes.encode(3, 1, 1, PngBytes.GRAY, new int[] {1, 0, 1}, null, null));
        assertEquals(ImageMode.P, img.mode());
        assertArrayEquals(bytes(255, 255, 255, 0, 0, 0, 255, 255, 255), img.toRgb().samples());
    }

    @Test
    void sixteenBitGrayPngIsClippedAsConvertRgbDoes() throws IOException {
        RasterImage img = ImageDecoder.decode(
                PngBytes.encode(4, 1, 16, PngBytes.GRAY, new int[] {0, 200, 256, 65535}, null, null));
        assertEquals(ImageMode.I, img.mode());
        assertArrayEquals(bytes(0, 200, 255, 255), img.samples());
    }

    @Test
    void grayAlphaPngs() throws IOException {
        RasterImage la = ImageDecoder.decode(PngBytes.encode(2, 1, 8, PngBytes.GRAY_ALPHA, new int[] {9, 0, 99, 200}, null, null));
        assertEquals(ImageMode.LA, la.mode());
        assertArrayEquals(bytes(9, 0, 99, 200), la.samples());
        RasterImage la16 = ImageDecoder.decode(
                PngBytes.encode(1, 1, 16, PngBytes.GRAY_ALPHA, new int[] {0x12FF, 0xAB01}, null, null));
        assertEquals(ImageMode.RGBA, la16.mode());
        assertArrayEquals(bytes(0x12, 0x12, 0x12, 0xAB), la16.samples());
    }

    @Test
    void rgbPngWithTransparencyChunkStaysRgb() throws IOException {
        byte[] trns = {0, 10, 0, 20, 0, 30};
        RasterImage img = ImageDecoder.decode(
                PngBytes.encode(2, 1, 8, PngBytes.RGB, new int[] {10, 20, 30, 1, 2, 3}, null, trns));
        assertEquals(ImageMode.RGB, img.mode());
        assertArrayEquals(bytes(10, 20, 30, 1, 2, 3), img.samples());
    }

    @Test
    void sixteenBitColourPngsKeepTheHighByte() throws IOException {
        RasterImage rgb = ImageDecoder.decode(
                PngBytes.encode(1, 1, 16, PngBytes.RGB, new int[] {0x0102, 0xFEFF, 0x8000}, null, null));
        assertEquals(ImageMode.RGB, rgb.mode());
        assertArrayEquals(bytes(1, 0xFE, 0x80), rgb.samples());
        RasterImage rgba = ImageDecoder.decode(
                PngBytes.encode(1, 1, 16, PngBytes.RGBA, new int[] {0x0102, 0xFEFF, 0x8000, 0x7FFF}, null, null));
        assertEquals(ImageMode.RGBA, rgba.mode());
        assertArrayEquals(bytes(1, 0xFE, 0x80, 0x7F), rgba.samples());
    }

    @Test
    void rgbaPngKeepsColourUnderZeroAlpha() throws IOException {
        RasterImage img = ImageDecoder.decode(
                PngBytes.encode(2, 1, 8, PngBytes.RGBA, new int[] {10, 20, 30, 0, 40, 50, 60, 255}, null, null));
        assertEquals(ImageMode.RGBA, img.mode());
        assertArrayEquals(bytes(10, 20, 30, 0, 40, 50, 60, 255), img.samples());
    }

    @Test
    void palettePngsGiveIndicesAndStoredColours() throws IOException {
        for (int bitDepth : new int[] {1, 2, 4, 8}) {
            int colours = Math.min(12, 1 << bitDepth);
            byte[] plte = new byte[colours * 3];
            RANDOM.nextBytes(plte);
            int w = 7;
            int h = 3;
            int[] indices = new int[w * h];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = (i * 5) % colours;
            }
            byte[] trns = new byte[colours];
            RasterImage img = ImageDecoder.decode(PngBytes.encode(w, h, bitDepth, PngBytes.PALETTE, indices, plte, trns));
            assertEquals(ImageMode.P, img.mode(), "bit depth " + bitDepth);
            for (int i = 0; i < indices.length; i++) {
                assertEquals(indices[i], img.samples()[i] & 0xFF, "bit depth " + bitDepth + " pixel " + i);
            }
            assertEquals(colours, img.palette().length);
            for (int c = 0; c < colours; c++) {
                int expected = (plte[3 * c] & 0xFF) << 16 | (plte[3 * c + 1] & 0xFF) << 8 | plte[3 * c + 2] & 0xFF;
                assertEquals(expected, img.palette()[c], "bit depth " + bitDepth + " colour " + c);
            }
        }
    }

    @Test
    void jpegYcbcrMatchesLibjpegsOwnConversion() throws IOException {
        BufferedImage rgb = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                rgb.setRGB(x, y, (x * 7 % 256) << 16 | RANDOM.nextInt(256) << 8 | (y * 11 % 256));
            }
        }
        byte[] jpeg = encode(rgb, "jpg");
        RasterImage img = ImageDecoder.decode(jpeg);
        assertEquals(ImageMode.RGB, img.mode());
        // ImageIO's default read converts inside the native libjpeg, independently of our tables.
        Raster reference = ImageIO.read(new ByteArrayInputStream(jpeg)).getRaster();
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(reference.getSample(x, y, c), img.sample(x, y, c), x + "," + y + " band " + c);
                }
            }
        }
    }

    @Test
    void grayJpegIsL() throws IOException {
        BufferedImage gray = new BufferedImage(9, 9, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 81; i++) {
            gray.getRaster().setSample(i % 9, i / 9, 0, i * 3);
        }
        byte[] jpeg = encode(gray, "jpg");
        RasterImage img = ImageDecoder.decode(jpeg);
        assertEquals(ImageMode.L, img.mode());
        Raster stored = ImageIO.read(new ByteArrayInputStream(jpeg)).getRaster();
        for (int i = 0; i < 81; i++) {
            assertEquals(stored.getSample(i % 9, i / 9, 0), img.sample(i % 9, i / 9, 0));
        }
    }

    @Test
    void cmykJpegIsConvertedAsPillowDoes() throws IOException {
        byte[] plain = cmykJpeg();
        byte[] adobe = withAdobeMarker(plain, 0);
        for (byte[] jpeg : new byte[][] {plain, adobe}) {
            Raster stored = rawRaster(jpeg);
            RasterImage cmyk = ImageDecoder.decode(jpeg);
            assertEquals(ImageMode.CMYK, cmyk.mode());
            RasterImage img = cmyk.toRgb();
            for (int y = 0; y < stored.getHeight(); y++) {
                for (int x = 0; x < stored.getWidth(); x++) {
                    // Pillow reads Adobe-inverted CMYK ("CMYK;I"): C = 255 - stored; then
                    // R = (255 - K) - round(C * (255 - K) / 255), and 255 - K is the stored K.
                    int k = stored.getSample(x, y, 3);
                    for (int c = 0; c < 3; c++) {
                        int ink = 255 - stored.getSample(x, y, c);
                        int expected = Math.max(0, k - (ink * k + 127) / 255);
                        assertEquals(expected, img.sample(x, y, c), x + "," + y + " band " + c);
                    }
                }
            }
        }
    }

    @Test
    void ycckJpegIsConvertedThroughCmyk() throws IOException {
        byte[] jpeg = withAdobeMarker(cmykJpeg(), 2);
        Raster stored = rawRaster(jpeg);
        RasterImage cmyk = ImageDecoder.decode(jpeg);
        assertEquals(ImageMode.CMYK, cmyk.mode());
        RasterImage img = cmyk.toRgb();
        for (int y = 0; y < stored.getHeight(); y++) {
            for (int x = 0; x < stored.getWidth(); x++) {
                double luma = stored.getSample(x, y, 0);
                double cb = stored.getSample(x, y, 1) - 128;
                double cr = stored.getSample(x, y, 2) - 128;
                double[] rgb = {luma + 1.402 * cr, luma - 0.344136 * cb - 0.714136 * cr, luma + 1.772 * cb};
                int k = stored.getSample(x, y, 3);
                for (int c = 0; c < 3; c++) {
                    // YCC -> RGB; libjpeg hands over 255 - RGB as CMY, Pillow's "CMYK;I" inverts that back, so
                    // cmyk2rgb sees C = R (and K = 255 - stored K): R' = K - R * K / 255.
                    double ink = Math.max(0, Math.min(255, rgb[c]));
                    double expected = Math.max(0, k - ink * k / 255);
                    assertEquals(expected, img.sample(x, y, c), 2.0, x + "," + y + " band " + c);
                }
            }
        }
    }

    @Test
    void gifIsPaletteUnlessItsPaletteIsTheGrayRamp() throws IOException {
        // 8 x 8: the JDK's own GIF codec mangles some tiny images (5 x 2), which is not what is tested here.
        byte[] r = new byte[4];
        byte[] g = new byte[4];
        byte[] b = new byte[4];
        RANDOM.nextBytes(r);
        RANDOM.nextBytes(g);
        RANDOM.nextBytes(b);
        BufferedImage indexed = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 4, r, g, b));
        for (int i = 0; i < 64; i++) {
            indexed.getRaster().setSample(i % 8, i / 8, 0, i * 3 % 4);
        }
        RasterImage p = ImageDecoder.decode(encode(indexed, "gif"));
        assertEquals(ImageMode.P, p.mode());
        RasterImage rgb = p.toRgb();
        for (int i = 0; i < 64; i++) {
            int colour = indexed.getRGB(i % 8, i / 8);
            assertEquals(colour >> 16 & 0xFF, rgb.sample(i % 8, i / 8, 0));
            assertEquals(colour >> 8 & 0xFF, rgb.sample(i % 8, i / 8, 1));
            assertEquals(colour & 0xFF, rgb.sample(i % 8, i / 8, 2));
        }

        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) {
            ramp[i] = (byte) i;
        }
        BufferedImage grayIndexed = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, ramp, ramp, ramp));
        for (int i = 0; i < 64; i++) {
            grayIndexed.getRaster().setSample(i % 8, i / 8, 0, i * 4);
        }
        RasterImage l = ImageDecoder.decode(encode(grayIndexed, "gif"));
        assertEquals(ImageMode.L, l.mode());
        for (int i = 0; i < 64; i++) {
            assertEquals(i * 4, l.samples()[i] & 0xFF);
        }
    }

    @Test
    void bmpIsRgb() throws IOException {
        BufferedImage bgr = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        int[] colours = {0x010203, 0xFFFEFD, 0x806040, 0x000000, 0x123456, 0xABCDEF};
        for (int i = 0; i < 6; i++) {
            bgr.setRGB(i % 3, i / 3, colours[i]);
        }
        RasterImage img = ImageDecoder.decode(encode(bgr, "bmp"));
        assertEquals(ImageMode.RGB, img.mode());
        for (int i = 0; i < 6; i++) {
            assertEquals(colours[i] >> 16 & 0xFF, img.sample(i % 3, i / 3, 0));
            assertEquals(colours[i] >> 8 & 0xFF, img.sample(i % 3, i / 3, 1));
            assertEquals(colours[i] & 0xFF, img.sample(i % 3, i / 3, 2));
        }
    }

    @Test
    void emptyGarbageAndUnsupportedInputsAreRejected() throws IOException {
        ImageDecodeException empty = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(new byte[0]));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        byte[] garbage = "this is not an image, just some text".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ImageDecodeException unknown = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(garbage));
        assertTrue(unknown.getMessage().contains("unrecognised"), unknown.getMessage());
        BufferedImage bw = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY);
        ImageDecodeException wbmp = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(encode(bw, "wbmp")));
        assertTrue(wbmp.getMessage().contains("unsupported"), wbmp.getMessage());
    }

    @Test
    void truncatedFilesAreRejected() throws IOException {
        BufferedImage noise = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 32 * 32; i++) {
            noise.setRGB(i % 32, i / 32, RANDOM.nextInt());
        }
        byte[] png = encode(noise, "png");
        byte[] jpeg = encode(noise, "jpg");
        for (byte[] whole : new byte[][] {png, jpeg}) {
            for (int cut : new int[] {8, 20, 40, whole.length / 2, whole.length - 40}) {
                byte[] truncated = Arrays.copyOf(whole, cut);
                assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(truncated), "cut at " + cut);
            }
        }
    }

    @Test
    void hugeDeclaredSizeIsRejectedBeforeDecoding() {
        byte[] png = PngBytes.encode(1, 1, 8, PngBytes.GRAY, new int[] {0}, null, null);
        // IHDR width and height start at byte 16: declare 100000 x 100000.
        byte[] big = png.clone();
        writeInt(big, 16, 100_000);
        writeInt(big, 20, 100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(big, 12, 17);
        writeInt(big, 29, (int) crc.getValue());
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(big));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void corruptedBytesNeverEscapeAsUncheckedExceptions() throws IOException {
        BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 120; i++) {
            img.setRGB(i % 12, i / 12, RANDOM.nextInt());
        }
        BufferedImage indexed = new BufferedImage(12, 10, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.getGraphics().drawImage(img, 0, 0, null);
        Random flips = new Random(11);
        for (byte[] valid : new byte[][] {encode(img, "png"), encode(img, "jpg"), encode(indexed, "gif"), encode(img, "bmp")}) {
            for (int trial = 0; trial < 150; trial++) {
                byte[] broken = valid.clone();
                for (int f = 0; f < 1 + trial % 4; f++) {
                    broken[flips.nextInt(broken.length)] = (byte) flips.nextInt(256);
                }
                try {
                    RasterImage decoded = ImageDecoder.decode(broken);
                    assertTrue(decoded.width() > 0 && decoded.height() > 0);
                } catch (ImageDecodeException expected) {
                    assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
                }
            }
        }
    }

    @Test
    void readNamesTheFileInErrors(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("broken-image.png");
        Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(bad));
        assertTrue(e.getMessage().contains("broken-image.png"), e.getMessage());

        Path good = dir.resolve("good.png");
        Files.write(good, PngBytes.encode(2, 1, 8, PngBytes.GRAY, new int[] {3, 4}, null, null));
        assertArrayEquals(bytes(3, 4), ImageDecoder.read(good).samples());
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no ImageIO writer for " + format);
        return out.toByteArray();
    }

    /** A 4-component JPEG (no Adobe marker) written from a raw raster, so no colour conversion happens. */
    private static byte[] cmykJpeg() throws IOException {
        int w = 16;
        int h = 8;
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < 4; b++) {
                    raster.setSample(x, y, b, (x * 16 + b * 60 + y * 9) % 256);
                }
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Inserts an Adobe APP14 segment with the given colour transform right after SOI. */
    private static byte[] withAdobeMarker(byte[] jpeg, int transform) {
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        byte[] out = new byte[jpeg.length + app14.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(app14, 0, out, 2, app14.length);
        System.arraycopy(jpeg, 2, out, 2 + app14.length, jpeg.length - 2);
        return out;
    }

    /** The decoder's stored components, before any colour conversion. */
    private static Raster rawRaster(byte[] jpeg) throws IOException {
        MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg));
        ImageReader reader = ImageIO.getImageReaders(in).next();
        try {
            reader.setInput(in);
            return reader.readRaster(0, null);
        } finally {
            reader.dispose();
        }
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
