package io.clipdecomp.core.textspan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.ClassLabels;
import io.clipdecomp.core.analysis.DecompositionFixture;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.TermShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compute_complete_text_set.py from files in two passes, against the sample algorithm on the whole arrays. */
class TextSpanAnalysisTest {
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
    void picksAndReconstructionAccuracyMatchTheSampleRoute() throws IOException {
        TermShape shape = new TermShape(3, 2, 6);
        DecompositionFixture f = new DecompositionFixture(9, 4300, shape, 3);
        f.write(dir, "x", "m", "x_labels_m.npy");
        float[][] texts = TextSpanSelectorTest.unitTexts(new SplittableRandom(4), 15, shape.dim());
        int iters = 3;
        int rank = 4;
        int last = 2;
        TextSpanAnalysis.Result result;
        try (DecompositionRows rows = DecompositionRows.open(dir, "x", "m", false);
             ClassLabels labels = ClassLabels.open(dir, "x", "m", rows.rows())) {
            result = TextSpanAnalysis.run(manager, rows, new TextSpanSelector(texts, iters, rank), last, labels,
                    f.linearClassifier());
        }
        assertEquals(last * shape.heads(), result.heads().size());
        int d = shape.dim();
        double[][] reps = new double[f.k][d];
        for (int i = 0; i < f.k; i++) {
            for (int j = 0; j < shape.mlpLength(); j++) {
                reps[i][j % d] += f.mlps[i * shape.mlpLength() + j];
            }
        }
        int firstKept = shape.layers() - last;
        for (int l = 0; l < shape.layers(); l++) {
            for (int h = 0; h < shape.heads(); h++) {
                float[] data = new float[f.k * d];
                for (int i = 0; i < f.k; i++) {
                    System.arraycopy(f.heads, i * shape.headLength() + shape.headOffset(l, h), data, i * d, d);
                }
                if (l < firstKept) {
                    double[] mean = new double[d];
                    for (int i = 0; i < f.k * d; i++) {
                        mean[i % d] += data[i] / (double) f.k;
                    }
                    for (double[] rep : reps) {
                        for (int j = 0; j < d; j++) {
                            rep[j] += mean[j];
                        }
                    }
                } else {
                    SampleTextSpan.Result sample = SampleTextSpan.run(manager, data, f.k, d, texts, iters, rank);
                    HeadTextSpan span = result.heads().get((l - firstKept) * shape.heads() + h);
                    assertEquals(l, span.layer());
                    assertEquals(h, span.head());
                    assertArrayEquals(sample.indices(), span.indices(), "head " + l + "." + h);
                    for (int i = 0; i < f.k; i++) {
                        for (int j = 0; j < d; j++) {
                            reps[i][j] += sample.reconstruction()[i * d + j];
                        }
                    }
                }
            }
        }
        long hits = 0;
        for (int i = 0; i < f.k; i++) {
            hits += f.predict(reps[i]) == f.labels[i] ? 1 : 0;
        }
        assertEquals((double) hits / f.k * 100, result.accuracy(), 1e-9);
        assertEquals(f.k, result.images());
    }

    @Test
    void refusesMoreLastLayersThanTheModelHas() throws IOException {
        DecompositionFixture f = new DecompositionFixture(1, 20, new TermShape(2, 2, 4), 2);
        f.write(dir, "x", "m", "x_labels_m.npy");
        try (DecompositionRows rows = DecompositionRows.open(dir, "x", "m", false);
             ClassLabels labels = ClassLabels.open(dir, "x", "m", rows.rows())) {
            TextSpanSelector selector = new TextSpanSelector(new float[][] {{1, 0, 0, 0}}, 1, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TextSpanAnalysis.run(manager, rows, selector, 3, labels, f.linearClassifier()));
            assertEquals("the number of last layers must be within 1..2, got 3", e.getMessage());
        }
    }
}
