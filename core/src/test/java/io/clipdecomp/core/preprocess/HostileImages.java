package io.clipdecomp.core.preprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Small files that claim, or inflate to, huge images, made in memory so that nothing large is committed; named
 * pipes and sparse files. Shared with the flink-jobs tests through the core test jar.
 */
public final class HostileImages {
    /** Raw bytes compressed at a time; after a full flush deflate starts afresh, so every chunk compresses alike. */
    private static final int CHUNK = 1 << 20;
    /** PNG colour types. */
    public static final int RGB = 2;
    public static final int RGBA = 6;

    private HostileImages() {
    }

    /**
     * A JPEG of 16 x 16 noise whose start-of-frame marker then claims {@code width x height}: a decoder that
     * trusts the header allocates the claimed image before it finds the data missing.
     */
    public static byte[] forgedJpeg(int width, int height) throws IOException {
        BufferedImage noise = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int i = 0; i < 256; i++) {
            noise.setRGB(i % 16, i / 16, random.nextInt());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(noise, "jpg", out)) {
            throw new IllegalStateException("no JPEG writer");
        }
        byte[] jpeg = out.toByteArray();
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                // SOF0: FF C0, length (2), precision (1), height (2), width (2)
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("the JPEG writer wrote no baseline start-of-frame marker");
    }

    /**
     * A valid PNG of {@code width x height} zero samples (colour type {@link #RGB} or {@link #RGBA}, 8 or 16 bits),
     * deflated at close to deflate's best ratio of about 1030:1: a decompression bomb within any ratio check.
     */
    public static byte[] deflateBombPng(int width, int height, int colourType, int bitDepth) throws IOException {
        int channels = colourType == RGBA ? 4 : 3;
        long rowBytes = 1 + ((long) width * channels * bitDepth + 7) / 8;
        long raw = rowBytes * height;
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        zlib.write(0x78);
        zlib.write(0xDA);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[CHUNK];
        byte[] first = flushed(deflater, zeros, CHUNK);
        byte[] repeated = flushed(deflater, zeros, CHUNK);
        if (!Arrays.equals(repeated, flushed(deflater, zeros, CHUNK))) {
            throw new IllegalStateException("deflate does not repeat after a full flush; the bomb would be wrong");
        }
        long chunks = raw / CHUNK;
        int rest = (int) (raw % CHUNK);
        if (chunks > 0) {
            zlib.write(first);
        }
        for (long c = 1; c < chunks; c++) {
            zlib.write(repeated);
        }
        if (rest > 0) {
            zlib.write(flushed(deflater, zeros, rest));
        }
        deflater.end();
        zlib.write(new byte[] {0x03, 0x00}); // an empty final block with fixed codes
        long adler = (raw % 65521) << 16 | 1; // Adler-32 of zeros: a stays 1, b adds 1 per byte
        writeInt(zlib, (int) adler);

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        writeInt(header, width);
        writeInt(header, height);
        header.write(new byte[] {(byte) bitDepth, (byte) colourType, 0, 0, 0});
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", zlib.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] flushed(Deflater deflater, byte[] input, int length) {
        deflater.setInput(input, 0, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(png, data.length);
        png.write(typeBytes);
        png.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(png, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** A named pipe at {@code file} (mkfifo), which nothing ever writes to. */
    public static Path namedPipe(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here: " + e.getMessage());
            throw e;
        }
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        return file;
    }

    /** A sparse file of {@code bytes} bytes: large to the file system, no disk used. */
    public static Path sparseFile(Path file, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    /** Bytes the current thread has allocated on the heap so far (HotSpot's per-thread counter). */
    public static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
