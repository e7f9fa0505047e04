package io.clipdecomp.core.bench;

import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.decompose.DecompositionFiles;
import io.clipdecomp.core.io.NpyDtype;
import io.clipdecomp.core.io.NpyWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random decomposition of any size and geometry in the seed's file layout, written row by row, with a
 * classifier, labels and a text set: inputs for sizing {@code ablate} and {@code textspan} (time, memory) without
 * running a model over a real dataset. The class of each row is carried by the last layers' heads and the MLPs,
 * so the accuracies are not trivial; every number is random otherwise.
 */
public final class SyntheticDecomposition {
    private final TermShape shape;
    private final int classes;
    private final int texts;
    private final long seed;

    public SyntheticDecomposition(TermShape shape, int classes, int texts, long seed) {
        this.shape = shape;
        this.classes = classes;
        this.texts = texts;
        this.seed = seed;
    }

    /**
     * Writes {@code rows} rows as {@code dataset}/{@code model} into {@code dir}: attn, mlp, cls_attn, labels
     * (i mod C), classifier [d, C], and the text set {@code textSet}.txt with {@code textSet}_{model}.npy.
     */
    public void write(Path dir, String dataset, String model, String textSet, long rows) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom r = new SplittableRandom(seed);
        int d = shape.dim();
        float[] classifier = unitColumns(r, d, classes);
        NpyWriter.write(DecompositionFiles.path(dir, dataset, "classifier", model), classifier, d, classes);
        float[][] textRows = new float[texts][];
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < texts; m++) {
            textRows[m] = unitColumns(r, d, 1);
            lines.add("synthetic text " + m);
        }
        NpyWriter.writeRows(dir.resolve(textSet + "_" + model + ".npy"), textRows);
        Files.write(dir.resolve(textSet + ".txt"), lines, StandardCharsets.UTF_8);
        try (NpyWriter heads = NpyWriter.create(DecompositionFiles.path(dir, dataset, "attn", model), NpyDtype.FLOAT32,
                rows, shape.layers(), shape.heads(), d);
             NpyWriter mlps = NpyWriter.create(DecompositionFiles.path(dir, dataset, "mlp", model), NpyDtype.FLOAT32,
                     rows, shape.layers() + 1, d);
             NpyWriter cls = NpyWriter.create(DecompositionFiles.path(dir, dataset, "cls_attn", model),
                     NpyDtype.FLOAT32, rows, shape.layers(), d);
             NpyWriter labels = NpyWriter.create(DecompositionFiles.path(dir, dataset, "labels", model),
                     NpyDtype.INT64, rows)) {
            float[] h = new float[shape.headLength()];
            float[] m = new float[shape.mlpLength()];
            float[] c = new float[shape.clsLength()];
            float scale = (float) (1 / Math.sqrt(d));
            for (long i = 0; i < rows; i++) {
                int label = (int) (i % classes);
                for (int l = 0; l < shape.layers(); l++) {
                    float signal = l >= shape.layers() - 2 ? 0.5f / shape.heads() : 0;
                    for (int k = 0; k < shape.heads(); k++) {
                        int o = shape.headOffset(l, k);
                        for (int j = 0; j < d; j++) {
                            h[o + j] = (float) (r.nextGaussian() * scale) + signal * classifier[j * classes + label];
                        }
                    }
                    for (int j = 0; j < d; j++) {
                        c[l * d + j] = (float) (r.nextGaussian() * scale);
                    }
                }
                for (int j = 0; j < m.length; j++) {
                    m[j] = (float) (r.nextGaussian() * scale) + 0.1f * classifier[(j % d) * classes + label];
                }
                heads.writeRow(h);
                mlps.writeRow(m);
                cls.writeRow(c);
                labels.writeRow(new long[] {label});
            }
        }
    }

    /** {@code columns} random unit vectors of {@code d}, as the columns of a [d, columns] matrix. */
    private static float[] unitColumns(SplittableRandom r, int d, int columns) {
        float[] v = new float[d * columns];
        for (int c = 0; c < columns; c++) {
            double n = 0;
            for (int j = 0; j < d; j++) {
                v[j * columns + c] = (float) r.nextGaussian();
                n += v[j * columns + c] * v[j * columns + c];
            }
            for (int j = 0; j < d; j++) {
                v[j * columns + c] /= (float) Math.sqrt(n);
            }
        }
        return v;
    }
}
