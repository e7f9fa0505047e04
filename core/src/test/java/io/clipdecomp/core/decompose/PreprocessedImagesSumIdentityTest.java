package io.clipdecomp.core.decompose;

import static io.clipdecomp.core.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.Tolerances;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.TestModels;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecoder;
import io.clipdecomp.core.preprocess.RasterImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decomposition's sum identity on real inputs: non-square PNG files (wide, tall, smaller and larger than
 * the model's input, opaque and with alpha) decoded and resized by the actual preprocessing.
 */
class PreprocessedImagesSumIdentityTest {
    /** width x height of the test images; 5 x 90 is upscaled, 200 x 31 downscaled, 23 x 23 square. */
    private static final int[][] SIZES = {{37, 23}, {23, 37}, {64, 17}, {5, 90}, {200, 31}, {23, 23}};

    @TempDir
    Path dir;

    static Stream<ClipConfig> geometries() {
        return Stream.of(TestModels.tiny(), TestModels.quickGelu(), TestModels.singleHead());
    }

    /** A smooth colour gradient with noise, so that resizing has something to blend; every 3rd has alpha. */
    private Path png(int index, int width, int height) throws IOException {
        boolean alpha = index % 3 == 2;
        BufferedImage image = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(index);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (255 * x / Math.max(1, width - 1) + random.nextInt(40)) % 256;
                int g = (255 * y / Math.max(1, height - 1) + random.nextInt(40)) % 256;
                int b = random.nextInt(256);
                int a = alpha ? 64 + random.nextInt(192) : 255;
                image.setRGB(x, y, a << 24 | r << 16 | g << 8 | b);
            }
        }
        Path file = dir.resolve(index + ".png");
        assertTrue(ImageIO.write(image, "png", file.toFile()));
        return file;
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void termsOfPreprocessedFilesSumToTheUnitEmbedding(ClipConfig config) throws IOException {
        int s = config.vision().imageSize();
        ClipImagePreprocessor preprocessor = ClipImagePreprocessor.forModel(config);
        List<float[]> pixels = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            RasterImage decoded = ImageDecoder.read(png(i, SIZES[i][0], SIZES[i][1]));
            assertEquals(SIZES[i][0], decoded.width());
            assertEquals(SIZES[i][1], decoded.height());
            float[] p = preprocessor.toPixels(decoded, ColourConversion.BEFORE_RESIZE);
            assertEquals(3 * s * s, p.length);
            pixels.add(p);
        }
        try (ClipModel model = TestModels.random(config, 29); ImageDecomposer decomposer = new ImageDecomposer(model)) {
            List<ImageDecomposition> out = decomposer.decompose(pixels, DecompositionOptions.SPATIAL);
            float[][] forward = decomposer.embed(pixels);
            assertEquals(SIZES.length, out.size());
            for (int i = 0; i < out.size(); i++) {
                ImageDecomposition r = out.get(i);
                int d = r.dim();
                double norm = 0;
                for (float x : forward[i]) {
                    norm += (double) x * x;
                }
                norm = Math.sqrt(norm);
                double[] unit = new double[d];
                for (int j = 0; j < d; j++) {
                    unit[j] = forward[i][j] / norm;
                }
                float[] sum = new float[d];
                double[] heads = new double[d];
                float[] spatialSum = new float[d];
                for (int k = 0; k < r.headTerms().length; k++) {
                    sum[k % d] += r.headTerms()[k];
                    heads[k % d] += r.headTerms()[k];
                }
                for (int k = 0; k < r.mlpTerms().length; k++) {
                    sum[k % d] += r.mlpTerms()[k];
                }
                for (int k = 0; k < r.spatial().length; k++) {
                    spatialSum[k % d] += r.spatial()[k];
                }
                String image = SIZES[i][0] + "x" + SIZES[i][1];
                assertClose(image + ": heads + mlps vs the plain forward's unit embedding", unit, sum,
                        Tolerances.SUM_IDENTITY);
                assertClose(image + ": tokens summed vs heads", heads, spatialSum, Tolerances.SUM_IDENTITY);
            }
        }
    }
}
