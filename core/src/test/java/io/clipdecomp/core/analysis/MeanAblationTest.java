package io.clipdecomp.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.io.NpyWriter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mean-ablation from files read in chunks, against a plain in-memory re-computation of spec §6. */
class MeanAblationTest {
    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void matchesThePlainComputationAcrossChunks() throws IOException {
        // 4,500 rows cross the 4,096-row chunk limit
        DecompositionFixture f = new DecompositionFixture(1, 4500, new TermShape(3, 2, 5), 4);
        f.write(dir, "x", "m", "x_labels_m.npy");
        try (DecompositionRows rows = DecompositionRows.open(dir, "x", "m", true);
             ClassLabels labels = ClassLabels.open(dir, "x", "m", rows.rows())) {
            assertEquals(4096, rows.chunkRows());
            AblationAccuracies got = MeanAblation.evaluate(manager, rows, labels, AblationMeans.of(rows),
                    f.linearClassifier());
            AblationAccuracies want = plain(f, f);
            assertEquals(4500, got.images());
            assertEquals(want.baseline(), got.baseline());
            assertEquals(want.mlps(), got.mlps());
            assertEquals(want.cls(), got.cls());
            assertEquals(want.mlpsAndCls(), got.mlpsAndCls());
            assertArrayEquals(want.attentionLayers(), got.attentionLayers());
            assertNotEquals(got.baseline(), got.attentionLayers()[3], "ablating every layer changes the accuracy");
        }
    }

    @Test
    void meansMayComeFromAnotherSplit() throws IOException {
        DecompositionFixture eval = new DecompositionFixture(2, 300, new TermShape(2, 3, 4), 3);
        DecompositionFixture train = new DecompositionFixture(3, 200, new TermShape(2, 3, 4), 3);
        eval.write(dir, "x", "m", "x_labels.npy");
        Path trainDir = dir.resolve("train");
        java.nio.file.Files.createDirectories(trainDir);
        train.write(trainDir, "t", "m", null);
        try (DecompositionRows rows = DecompositionRows.open(dir, "x", "m", true);
             DecompositionRows other = DecompositionRows.open(trainDir, "t", "m", true);
             ClassLabels labels = ClassLabels.open(dir, "x", "m", rows.rows())) {
            AblationAccuracies got = MeanAblation.evaluate(manager, rows, labels, AblationMeans.of(other),
                    eval.linearClassifier());
            AblationAccuracies want = plain(eval, train);
            assertEquals(want.mlpsAndCls(), got.mlpsAndCls());
            assertArrayEquals(want.attentionLayers(), got.attentionLayers());
        }
    }

    @Test
    void labelsComeFromEitherFileNameOrImagenetOrder() throws IOException {
        NpyWriter.write(dir.resolve("w_labels.npy"), new long[] {1, 0, 0, 1, 1, 1}, 3, 2, 1);
        try (ClassLabels labels = ClassLabels.open(dir, "w", "m", 3)) {
            assertArrayEquals(new long[] {1, 0, 1}, labels.labels(0, 3), "column 0 of [K, 2, 1]");
        }
        NpyWriter.write(dir.resolve("w_labels_m.npy"), new long[] {7, 8, 9}, 3);
        try (ClassLabels labels = ClassLabels.open(dir, "w", "m", 3)) {
            assertArrayEquals(new long[] {8, 9}, labels.labels(1, 2), "decompose's name first");
        }
        assertThrows(IllegalArgumentException.class, () -> ClassLabels.open(dir, "w", "m", 4));
        assertThrows(NoSuchFileException.class, () -> ClassLabels.open(dir, "v", "m", 3));
        try (ClassLabels order = ClassLabels.imagenetOrder()) {
            assertArrayEquals(new long[] {0, 0, 1, 999}, new long[] {order.label(0), order.label(49), order.label(50),
                order.label(49_999)});
        }
    }

    @Test
    void missingFilesAndMismatchedShapesAreNamed() throws IOException {
        DecompositionFixture f = new DecompositionFixture(4, 10, new TermShape(2, 2, 3), 2);
        f.write(dir, "x", "m", null);
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> DecompositionRows.open(dir, "y", "m", true));
        assertEquals(dir.resolve("y_attn_m.npy").toString(), missing.getFile());
        NpyWriter.write(dir.resolve("x_mlp_m.npy"), new float[9 * 3 * 3], 9, 3, 3);
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> DecompositionRows.open(dir, "x", "m", false));
        assertEquals(dir.resolve("x_mlp_m.npy") + " has shape [9, 3, 3]; expected [10, 3, 3] to match the per-head file",
                mismatch.getMessage());
    }

    /** Spec §6 written out directly on the in-memory arrays, means taken from {@code meansOf}. */
    static AblationAccuracies plain(DecompositionFixture f, DecompositionFixture meansOf) {
        TermShape s = f.shape;
        int d = s.dim();
        int layers = s.layers();
        double[][] meanMlp = new double[layers + 1][d];
        double[][] meanCls = new double[layers][d];
        double[][] meanLayer = new double[layers][d];
        for (int i = 0; i < meansOf.k; i++) {
            for (int j = 0; j <= layers; j++) {
                for (int c = 0; c < d; c++) {
                    meanMlp[j][c] += meansOf.mlps[i * s.mlpLength() + j * d + c] / (double) meansOf.k;
                }
            }
            for (int l = 0; l < layers; l++) {
                for (int c = 0; c < d; c++) {
                    meanCls[l][c] += meansOf.cls[i * s.clsLength() + l * d + c] / (double) meansOf.k;
                    for (int h = 0; h < s.heads(); h++) {
                        meanLayer[l][c] += meansOf.heads[i * s.headLength() + s.headOffset(l, h) + c] / (double) meansOf.k;
                    }
                }
            }
        }
        long[] hits = new long[4 + layers];
        for (int i = 0; i < f.k; i++) {
            double[][] variants = new double[4 + layers][d];
            for (int c = 0; c < d; c++) {
                double mlp = 0;
                double mlpMean = 0;
                for (int j = 0; j <= layers; j++) {
                    mlp += f.mlps[i * s.mlpLength() + j * d + c];
                    mlpMean += meanMlp[j][c];
                }
                double attn = 0;
                double attnNoCls = 0;
                double[] layerSum = new double[layers];
                for (int l = 0; l < layers; l++) {
                    for (int h = 0; h < s.heads(); h++) {
                        layerSum[l] += f.heads[i * s.headLength() + s.headOffset(l, h) + c];
                    }
                    attn += layerSum[l];
                    attnNoCls += layerSum[l] - f.cls[i * s.clsLength() + l * d + c] + meanCls[l][c];
                }
                variants[0][c] = attn + mlp;
                variants[1][c] = attn + mlpMean;
                variants[2][c] = attnNoCls + mlp;
                variants[3][c] = attnNoCls + mlpMean;
                for (int k = 0; k < layers; k++) {
                    double v = mlp;
                    for (int l = 0; l < layers; l++) {
                        v += l <= k ? meanLayer[l][c] : layerSum[l];
                    }
                    variants[4 + k][c] = v;
                }
            }
            for (int v = 0; v < variants.length; v++) {
                if (f.predict(variants[v]) == f.labels[i]) {
                    hits[v]++;
                }
            }
        }
        double[] sweep = new double[layers + 1];
        sweep[0] = (double) hits[0] / f.k * 100;
        for (int k = 0; k < layers; k++) {
            sweep[k + 1] = (double) hits[4 + k] / f.k * 100;
        }
        return new AblationAccuracies(f.k, (double) hits[0] / f.k * 100, (double) hits[1] / f.k * 100,
                (double) hits[2] / f.k * 100, (double) hits[3] / f.k * 100, sweep);
    }
}
