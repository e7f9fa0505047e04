package io.clipdecomp.core.preprocess;

import static io.clipdecomp.core.preprocess.HostileImages.allocatedByThisThread;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile images against the limits, each attempt's heap allocation measured by the thread's own counter; and the
 * memory estimate checked against what decoding really allocates.
 */
class BoundedImagePreprocessorTest {
    /** The bound stated for any refused image: what the attempt may allocate in all, garbage included. */
    private static final long REFUSAL_BOUND = 64L << 20;
    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};
    private static final ClipImagePreprocessor CLIP = new ClipImagePreprocessor(224, MEAN, STD);

    private static BoundedImagePreprocessor bounded(ImageLimits limits) {
        return new BoundedImagePreprocessor(CLIP, limits, new DecodeBudget(limits.budgetBytes()));
    }

    private static ImageLimits budget(long bytes) {
        return new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS, bytes);
    }

    /** Runs a refused attempt, checks its reason, and returns the bytes it allocated. */
    private static long refusedAllocating(BoundedImagePreprocessor bounded, byte[] image, String reason) {
        long before = allocatedByThisThread();
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> bounded.toPixels(image, ColourConversion.BEFORE_RESIZE));
        long allocated = allocatedByThisThread() - before;
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(allocated < REFUSAL_BOUND, "allocated " + allocated + " bytes refusing: " + e.getMessage());
        return allocated;
    }

    @Test
    void aJpegHeaderClaiming13000SquaredIsRefusedBeforeAllocating() throws IOException {
        byte[] jpeg = HostileImages.forgedJpeg(13000, 13000);
        assertTrue(jpeg.length < 2000, jpeg.length + " bytes");
        assertTrue(13000L * 13000 < ImageLimits.DEFAULT_MAX_PIXELS, "under the pixel limit");
        long allocated = refusedAllocating(bounded(ImageLimits.defaults()), jpeg, "claims 13000x13000 pixels");
        System.out.printf("forged %d-byte JPEG claiming 13000x13000: refused, %d KiB allocated%n", jpeg.length,
                allocated >> 10);
        ImageDecodeException plain = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(jpeg));
        assertTrue(plain.getMessage().contains("truncated or forged"), plain.getMessage());
    }

    @Test
    void aPngHeaderClaimingMoreThanItsDataHoldsIsRefused() throws IOException {
        byte[] small = HostileImages.deflateBombPng(64, 64, HostileImages.RGB, 8);
        byte[] forged = small.clone();
        // IHDR width and height at bytes 16 and 20; the CRC of IHDR is not checked before the claim is.
        writeInt(forged, 16, 13000);
        writeInt(forged, 20, 13000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(forged, 12, 17);
        writeInt(forged, 29, (int) crc.getValue());
        refusedAllocating(bounded(ImageLimits.defaults()), forged, "cannot hold that much");
    }

    @Test
    void aDeflateBombUnderThePixelLimitPassesTheHeaderChecksAndIsRefusedByTheBudget() throws IOException {
        byte[] bomb = HostileImages.deflateBombPng(13000, 13000, HostileImages.RGB, 8);
        assertTrue(bomb.length < 600_000, bomb.length + " bytes");
        long needed;
        try (OpenImage open = ImageDecoder.open(bomb, ImageLimits.DEFAULT_MAX_PIXELS)) {
            assertEquals(13000, open.width());
            needed = open.decodeBytes() + CLIP.workingBytes(13000, 13000);
        }
        assertTrue(needed > 1L << 30, "a 13000x13000 RGB decode needs over 1 GiB: " + needed);
        long allocated = refusedAllocating(bounded(budget(256L << 20)), bomb, "more than the whole decode budget");
        System.out.printf("%d-byte PNG inflating to 13000x13000 RGB (needs %d MiB): refused by a 256 MiB budget, "
                + "%d KiB allocated%n", bomb.length, needed >> 20, allocated >> 10);
    }

    @Test
    void theBombGeneratorMakesTheImageItClaims() throws IOException {
        RasterImage decoded = ImageDecoder.decode(HostileImages.deflateBombPng(1500, 1100, HostileImages.RGB, 8));
        assertEquals(1500, decoded.width());
        assertEquals(1100, decoded.height());
        assertArrayEquals(new byte[1500 * 1100 * 3], decoded.samples());
        RasterImage rgba16 = ImageDecoder.decode(HostileImages.deflateBombPng(700, 300, HostileImages.RGBA, 16));
        assertEquals(ImageMode.RGBA, rgba16.mode());
        assertArrayEquals(new byte[700 * 300 * 4], rgba16.samples());
    }

    @Test
    void anExtremeAspectRatioIsRefusedBeforeTheResizeAllocates() throws IOException {
        byte[] strip = HostileImages.deflateBombPng(1, 200_000, HostileImages.RGB, 8);
        refusedAllocating(bounded(ImageLimits.defaults()), strip, "aspect ratio is too extreme");
    }

    @Test
    void theByteLimitIsCheckedFirst() throws IOException {
        byte[] png = HostileImages.deflateBombPng(32, 32, HostileImages.RGB, 8);
        ImageLimits tight = new ImageLimits(png.length - 1, ImageLimits.DEFAULT_MAX_PIXELS, ImageLimits.HALF_THE_HEAP);
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> bounded(tight).toPixels(png, ColourConversion.BEFORE_RESIZE));
        assertTrue(e.getMessage().contains(png.length + " bytes, over the limit of " + (png.length - 1))
                && e.getMessage().contains(ImageLimits.MAX_BYTES_OPTION), e.getMessage());
    }

    @Test
    void aConfiguredPixelLimitIsTheOneApplied() throws IOException {
        byte[] png = HostileImages.deflateBombPng(300, 200, HostileImages.RGB, 8);
        ImageLimits limits = new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 300 * 200 - 1, ImageLimits.HALF_THE_HEAP);
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> bounded(limits).toPixels(png, ColourConversion.BEFORE_RESIZE));
        assertTrue(e.getMessage().contains("over the limit of 59999 pixels"), e.getMessage());
    }

    @Test
    void runningOutOfMemoryFailsThisImageOnlyAndTheBudgetIsReturned() throws Exception {
        // 22400^2 16-bit RGBA: the decoder's raster alone is one 4 GB array, more than this test JVM's heap
        assumeTrue(Runtime.getRuntime().maxMemory() < 3_900L << 20, "needs a heap smaller than the image");
        byte[] bomb = HostileImages.deflateBombPng(22400, 22400, HostileImages.RGBA, 16);
        ImageLimits roomy = new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.LARGEST_MAX_PIXELS,
                DecodeBudget.LARGEST_CAPACITY);
        DecodeBudget budget = new DecodeBudget(roomy.budgetBytes());
        BoundedImagePreprocessor bounded = new BoundedImagePreprocessor(CLIP, roomy, budget);
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> bounded.toPixels(bomb, ColourConversion.BEFORE_RESIZE));
        assertTrue(e.getMessage().contains("ran out of memory") && e.getCause() instanceof OutOfMemoryError,
                e.getMessage());
        assertEquals(0, budget.inUseBytes(), "the lease is returned");
        byte[] good = encode(noise(40, 30, BufferedImage.TYPE_INT_RGB), "png");
        assertEquals(3 * 224 * 224, bounded.toPixels(good, ColourConversion.BEFORE_RESIZE).length);
    }

    @Test
    void theEstimateCoversWhatDecodingAndResizingAllocate() throws Exception {
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("png rgb", encode(noise(600, 400, BufferedImage.TYPE_INT_RGB), "png"));
        images.put("png rgba", encode(noise(400, 600, BufferedImage.TYPE_INT_ARGB), "png"));
        images.put("png gray", encode(noise(600, 400, BufferedImage.TYPE_BYTE_GRAY), "png"));
        images.put("png palette", encode(noise(600, 400, BufferedImage.TYPE_BYTE_INDEXED), "png"));
        images.put("png 16-bit rgba", HostileImages.deflateBombPng(600, 400, HostileImages.RGBA, 16));
        images.put("jpeg", encode(noise(600, 400, BufferedImage.TYPE_INT_RGB), "jpg"));
        images.put("jpeg progressive", progressiveJpeg(noise(600, 400, BufferedImage.TYPE_INT_RGB)));
        images.put("jpeg gray", encode(noise(400, 600, BufferedImage.TYPE_BYTE_GRAY), "jpg"));
        images.put("gif", encode(noise(600, 400, BufferedImage.TYPE_BYTE_INDEXED), "gif"));
        images.put("bmp", encode(noise(600, 400, BufferedImage.TYPE_3BYTE_BGR), "bmp"));
        images.put("tiff", encode(noise(600, 400, BufferedImage.TYPE_INT_RGB), "tiff"));
        BoundedImagePreprocessor bounded = bounded(ImageLimits.defaults());
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            byte[] bytes = image.getValue();
            bounded.toPixels(bytes, ColourConversion.BEFORE_RESIZE); // warm up the codec's classes and tables
            long estimate;
            long pixels;
            try (OpenImage open = ImageDecoder.open(bytes, ImageLimits.DEFAULT_MAX_PIXELS)) {
                estimate = open.decodeBytes() + CLIP.workingBytes(open.width(), open.height());
                pixels = (long) open.width() * open.height();
            }
            for (ColourConversion when : ColourConversion.values()) {
                long before = allocatedByThisThread();
                bounded.toPixels(bytes, when);
                long allocated = allocatedByThisThread() - before;
                System.out.printf("%-18s %-15s allocated %5.1f B/px, estimated %5.1f B/px%n", image.getKey(), when,
                        (double) allocated / pixels, (double) estimate / pixels);
                assertTrue(allocated <= estimate, image.getKey() + " " + when + ": allocated " + allocated
                        + " bytes, estimated " + estimate);
            }
        }
    }

    @Test
    void aJpegWithThousandsOfScansIsRefused() throws Exception {
        byte[] progressive = progressiveJpeg(noise(64, 48, BufferedImage.TYPE_INT_RGB));
        assertEquals(3 * 224 * 224,
                bounded(ImageLimits.defaults()).toPixels(progressive, ColourConversion.BEFORE_RESIZE).length);
        // the last scan (its header and data up to EOI) repeated: SOS segments a decoder would walk one by one
        int lastScan = lastIndexOf(progressive, (byte) 0xFF, (byte) 0xDA);
        byte[] scan = java.util.Arrays.copyOfRange(progressive, lastScan, progressive.length - 2);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(progressive, 0, lastScan);
        for (int i = 0; i <= EncodedDataCheck.JPEG_MAX_SCANS; i++) {
            bomb.write(scan);
        }
        bomb.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
        refusedAllocating(bounded(ImageLimits.defaults()), bomb.toByteArray(), "scans, more than 1000");
    }

    @Test
    void aBaselineJpegWithMoreScansIsRefusedAtItsSecondScan() throws Exception {
        // a one-pass JPEG's scans are not counted up front: its decoder refuses the second one when it meets it
        byte[] baseline = encode(noise(64, 48, BufferedImage.TYPE_INT_RGB), "jpg");
        int scanAt = lastIndexOf(baseline, (byte) 0xFF, (byte) 0xDA);
        byte[] scan = java.util.Arrays.copyOfRange(baseline, scanAt, baseline.length - 2);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(baseline, 0, baseline.length - 2);
        for (int i = 0; i <= EncodedDataCheck.JPEG_MAX_SCANS; i++) {
            bomb.write(scan);
        }
        bomb.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
        refusedAllocating(bounded(ImageLimits.defaults()), bomb.toByteArray(), "a second scan");
    }

    private static int lastIndexOf(byte[] b, byte x, byte y) {
        for (int i = b.length - 2; i >= 0; i--) {
            if (b[i] == x && b[i + 1] == y) {
                return i;
            }
        }
        throw new IllegalArgumentException("marker not found");
    }

    private static BufferedImage noise(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        Random random = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // smooth with some noise, so that codecs compress as they would a photograph
                int v = (x * 255 / w) << 16 | (y * 255 / h) << 8 | random.nextInt(64);
                image.setRGB(x, y, v | (type == BufferedImage.TYPE_INT_ARGB ? random.nextInt(256) << 24 : 0));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no ImageIO writer for " + format);
        return out.toByteArray();
    }

    private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
