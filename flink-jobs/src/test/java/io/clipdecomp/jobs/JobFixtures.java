package io.clipdecomp.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.model.ClipConfig;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ClipWeights;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.model.PreprocessConfig;
import io.clipdecomp.core.model.TextConfig;
import io.clipdecomp.core.model.VisionConfig;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.shapes.PngFiles;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneSpec;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;
import io.clipdecomp.jobs.operators.DecomposeSettings;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.FloatTensor;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What the job tests share: a tiny random model folder, shape-world PNG records (and corrupt ones), and the
 * core's own decomposition of the same pixels as the expectation every output is held to.
 */
public final class JobFixtures {
    /** Largest difference allowed between a job's output and the core's result for the same pixels. */
    public static final double TOLERANCE = 1e-6;
    /** Layers L of {@link #config()}. */
    public static final int L = 2;
    /** Heads H per layer of {@link #config()}. */
    public static final int H = 2;
    /** Embedding width d of {@link #config()}. */
    public static final int D = 8;

    private JobFixtures() {
    }

    /** 16 px images, patch 8, width 16, 2 heads, 2 layers, d = 8; the shapes vocabulary. */
    public static ClipConfig config() {
        return new ClipConfig(D, new VisionConfig(16, 8, 16, L, 16 / H, 2.0),
                new TextConfig(16, ShapesTokenizerJson.vocabSize(), 16, 2, 1, 2.0), false, PreprocessConfig.OPENAI);
    }

    /** Saves a random model folder of {@link #config()} at {@code dir}. */
    public static Path model(Path dir) throws IOException {
        // the weights own (and close) their manager
        try (ClipWeights weights = ClipWeights.random(config(), 11, NDManager.newBaseManager())) {
            ModelFolder.save(dir, weights, ShapesTokenizerJson.json());
        }
        return dir;
    }

    /** The preprocessing of {@link #config()}. */
    public static ClipImagePreprocessor preprocessor() {
        return ClipImagePreprocessor.forModel(config());
    }

    /** Decomposition settings for the model at {@code model}, named "tiny", one intra-op thread. */
    public static DecomposeSettings settings(Path model, int batchSize, long flushMillis) {
        return new DecomposeSettings(model.toString(), "tiny", "cpu", 1, batchSize, flushMillis, false, null);
    }

    /** The job settings around {@link #settings}. */
    public static DecompositionJob.Settings jobSettings(Path model, int batchSize, long meansEvery) {
        return new DecompositionJob.Settings(settings(model, batchSize, 100), preprocessor(), false, meansEvery);
    }

    /** Scene {@code index} of the shapes world (one object, 24 px, so preprocessing resizes it) as PNG bytes. */
    public static byte[] shapePng(long seed, long index) {
        return PngFiles.encode(SceneGenerator.render(seed, index, 24, SceneSpec.any().withObjectCount(1)).image());
    }

    /** The true foreground of {@link #shapePng}'s scene as a PNG (non-zero = the object). */
    public static byte[] shapeMaskPng(long seed, long index) {
        return PngFiles.encode(SceneGenerator.render(seed, index, 24, SceneSpec.any().withObjectCount(1)).unionMask());
    }

    /** A PNG image record; event time 1000 + index ms. */
    public static ImageRecord pngRecord(String id, long index, String source, long label, byte[] png) {
        return ImageRecord.newBuilder().setId(id).setIndex(index).setSource(source).setFormat("png")
                .setBytes(ByteBuffer.wrap(png)).setLabel(List.of(label))
                .setEventTime(Instant.ofEpochMilli(1000 + index)).build();
    }

    /** A record whose bytes are a PNG cut off inside its header: the signature is there, the image is not. */
    public static ImageRecord corruptRecord(String id, long index, String source) {
        byte[] cut = Arrays.copyOf(shapePng(99, index), 40);
        return ImageRecord.newBuilder().setId(id).setIndex(index).setSource(source).setFormat("png")
                .setBytes(ByteBuffer.wrap(cut)).setLabel(List.of())
                .setEventTime(Instant.ofEpochMilli(1000 + index)).build();
    }

    /** The model input of PNG bytes, as the reference's loaders make it. */
    public static float[] pixels(byte[] png) throws ImageDecodeException {
        return preprocessor().toPixels(png, ColourConversion.BEFORE_RESIZE);
    }

    /** The bytes of a record's payload. */
    public static byte[] bytes(ImageRecord record) {
        ByteBuffer b = record.getBytes().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The core's decomposer on a model folder: the expected results. */
    public static final class Reference implements AutoCloseable {
        private final ClipModel model;
        private final ImageDecomposer decomposer;

        public Reference(Path modelDir) throws IOException {
            model = ClipModel.load(modelDir, Device.cpu());
            decomposer = new ImageDecomposer(model);
        }

        /** The decomposition of one image, alone in its batch. */
        public ImageDecomposition decompose(float[] pixels) {
            return decomposer.decompose(List.of(pixels), DecompositionOptions.HEADS).get(0);
        }

        @Override
        public void close() {
            decomposer.close();
            model.close();
        }
    }

    /** Asserts that a job's record carries the core's terms (within {@link #TOLERANCE}) in their shapes. */
    public static void assertSameTerms(ImageDecomposition expected, io.clipdecomp.schemas.ImageDecomposition actual) {
        String id = actual.getId();
        assertArrayEquals(new int[] {D}, FloatTensors.shape(actual.getEmbedding()), id + " embedding shape");
        assertArrayEquals(new int[] {L, H, D}, FloatTensors.shape(actual.getHeads()), id + " heads shape");
        assertArrayEquals(new int[] {L + 1, D}, FloatTensors.shape(actual.getMlps()), id + " mlps shape");
        assertArrayEquals(new int[] {L, D}, FloatTensors.shape(actual.getClsAttn()), id + " cls_attn shape");
        assertClose(expected.embedding(), FloatTensors.unpack(actual.getEmbedding()), id + " embedding");
        assertEquals(expected.embeddingNorm(), actual.getEmbeddingNorm(), TOLERANCE, id + " embedding norm");
        assertClose(expected.headTerms(), FloatTensors.unpack(actual.getHeads()), id + " heads");
        assertClose(expected.mlpTerms(), FloatTensors.unpack(actual.getMlps()), id + " mlps");
        assertClose(expected.clsAttn(), FloatTensors.unpack(actual.getClsAttn()), id + " cls_attn");
    }

    /** Element-wise comparison within {@link #TOLERANCE}. */
    public static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, what + "[" + i + "]");
        }
    }

    /** The element-wise mean of equally long rows, summed in double. */
    public static float[] mean(List<float[]> rows) {
        double[] sum = new double[rows.get(0).length];
        for (float[] r : rows) {
            assertEquals(sum.length, r.length, "row length");
            for (int i = 0; i < sum.length; i++) {
                sum[i] += r[i];
            }
        }
        float[] m = new float[sum.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (sum[i] / rows.size());
        }
        return m;
    }

    /** Asserts that {@code m} holds the means of the terms in {@code results}, computed here in double. */
    public static void assertMeans(List<io.clipdecomp.schemas.ImageDecomposition> results, ComponentMeans m) {
        assertEquals(results.size(), m.getCount(), "images in the means");
        assertArrayEquals(new int[] {L, H, D}, FloatTensors.shape(m.getHeads()));
        assertArrayEquals(new int[] {L + 1, D}, FloatTensors.shape(m.getMlps()));
        assertArrayEquals(new int[] {L, D}, FloatTensors.shape(m.getClsAttn()));
        assertClose(mean(results, io.clipdecomp.schemas.ImageDecomposition::getHeads),
                FloatTensors.unpack(m.getHeads()), "mean heads");
        assertClose(mean(results, io.clipdecomp.schemas.ImageDecomposition::getMlps),
                FloatTensors.unpack(m.getMlps()), "mean mlps");
        assertClose(mean(results, io.clipdecomp.schemas.ImageDecomposition::getClsAttn),
                FloatTensors.unpack(m.getClsAttn()), "mean cls_attn");
    }

    private static float[] mean(List<io.clipdecomp.schemas.ImageDecomposition> results,
                                Function<io.clipdecomp.schemas.ImageDecomposition, FloatTensor> part) {
        return mean(results.stream().map(d -> FloatTensors.unpack(part.apply(d))).toList());
    }
}
