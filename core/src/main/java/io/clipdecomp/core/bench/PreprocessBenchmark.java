package io.clipdecomp.core.bench;

import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageFiles;
import io.clipdecomp.core.preprocess.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Decode + preprocess throughput on one thread, from encoded bytes to the model's input (what a task manager does
 * per image before the model sees it): baseline JPEGs of 4000x3000, 1024x768 and 500x375 pixels and PNGs of the two
 * smaller sizes, generated with photograph-like content (smooth colour, edges, noise) and written to a folder, so
 * that another decoder (Pillow) can be timed on the very same files. Rates are images per second of the thread's
 * CPU time (the machine may be shared) and of wall time.
 */
public final class PreprocessBenchmark {
    /** The generated set: name, width, height. */
    private static final List<Object[]> IMAGES = List.of(
            new Object[] {"photo-4000x3000.jpg", 4000, 3000}, new Object[] {"photo-1024x768.jpg", 1024, 768},
            new Object[] {"photo-500x375.jpg", 500, 375}, new Object[] {"photo-1024x768.png", 1024, 768},
            new Object[] {"photo-500x375.png", 500, 375});
    private static final float JPEG_QUALITY = 0.9f;

    private final ClipImagePreprocessor preprocessor;
    private final double seconds;
    private final Consumer<String> log;

    /** @param seconds timed seconds per image, after as long again of warm-up */
    public PreprocessBenchmark(ClipImagePreprocessor preprocessor, double seconds, Consumer<String> log) {
        this.preprocessor = preprocessor;
        this.seconds = seconds;
        this.log = log;
    }

    /** The images of {@code dir} (jpg, png) in name order, after writing the generated set there if it has none. */
    public static List<Path> images(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (list(dir).isEmpty()) {
            for (Object[] image : IMAGES) {
                String name = (String) image[0];
                Files.write(dir.resolve(name), encode(photo((int) image[1], (int) image[2], name.hashCode()),
                        name.substring(name.lastIndexOf('.') + 1)));
            }
        }
        return list(dir);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)$")).sorted()
                    .toList();
        }
    }

    /** Per image: CPU and wall images per second, keyed {@code preprocess.<file>.cpuImagesPerSecond} (and wall). */
    public Map<String, Object> run(List<Path> images) throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Path file : images) {
            byte[] bytes = ImageFiles.read(file, ImageLimits.DEFAULT_MAX_BYTES);
            timed(bytes, seconds); // warm-up: the JIT compiles the decoder and the resize
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            int n = timed(bytes, seconds);
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            String name = file.getFileName().toString();
            log.accept(String.format("preprocess %s: %d images, %.1f ms CPU and %.1f ms wall each", name, n,
                    1e3 * cpu / n, 1e3 * wall / n));
            figures.put("preprocess." + name + ".cpuImagesPerSecond", n / cpu);
            figures.put("preprocess." + name + ".wallImagesPerSecond", n / wall);
        }
        return figures;
    }

    private int timed(byte[] bytes, double forSeconds) throws ImageDecodeException {
        long end = System.nanoTime() + (long) (forSeconds * 1e9);
        int n = 0;
        do {
            preprocessor.toPixels(bytes, ColourConversion.BEFORE_RESIZE);
            n++;
        } while (System.nanoTime() < end);
        return n;
    }

    /** Smooth colour waves, a few flat discs and Gaussian-like noise: compresses as photographs do. */
    static BufferedImage photo(int w, int h, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] wave = new double[3][3];
        for (double[] c : wave) {
            c[0] = 0.5 + 2.5 * random.nextDouble();
            c[1] = 0.5 + 2.5 * random.nextDouble();
            c[2] = 6.28 * random.nextDouble();
        }
        List<double[]> discs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            discs.add(new double[] {random.nextDouble() * w, random.nextDouble() * h,
                (0.03 + 0.1 * random.nextDouble()) * Math.min(w, h), random.nextInt(1 << 24)});
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 90 * Math.sin(wave[c][0] * 6.28 * x / w + wave[c][2])
                            * Math.cos(wave[c][1] * 6.28 * y / h);
                    v += (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5) * 12;
                    rgb = rgb << 8 | (int) Math.max(0, Math.min(255, Math.round(v)));
                }
                for (double[] d : discs) {
                    if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) < d[2] * d[2]) {
                        rgb = (int) d[3];
                    }
                }
                row[x] = rgb;
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format.equals("png")) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
