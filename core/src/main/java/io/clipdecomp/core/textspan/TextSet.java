package io.clipdecomp.core.textspan;

import io.clipdecomp.core.io.NpyArray;
import io.clipdecomp.core.io.RequiredFile;
import io.clipdecomp.core.text.TextLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text set as {@code text-set} leaves it: {@code NAME.txt} (one text per line) and its embeddings
 * {@code NAME_{model}.npy} [M, d], row m the embedding of line m.
 *
 * @param name the set's name (the text file's name without .txt)
 * @param texts the texts, in file order
 * @param embeddings one embedding per text
 */
public record TextSet(String name, List<String> texts, float[][] embeddings) {

    /** The files of text set {@code name} for {@code model}: texts in {@code textDir}, embeddings in {@code dir}. */
    public static TextSet read(String name, Path textDir, Path dir, String model) throws IOException {
        return read(name, textDir.resolve(name + ".txt"), dir.resolve(name + "_" + model + ".npy"));
    }

    /** Text set {@code name} from its text file and its embeddings file. */
    public static TextSet read(String name, Path textFile, Path embeddingFile) throws IOException {
        RequiredFile.existing(textFile, "one text per line, in the order of " + embeddingFile.getFileName());
        RequiredFile.existing(embeddingFile, "`text-set --texts " + textFile.getFileName() + "` writes it");
        // blank lines are what text-set --skip-blank leaves out; the count check below catches any other drift
        List<String> texts = TextLines.read(textFile, true, new ArrayList<>());
        NpyArray a = NpyArray.read(embeddingFile);
        long[] shape = a.shape();
        if (shape.length != 2 || !a.dtype().isFloating()) {
            throw new IllegalArgumentException(embeddingFile + " holds " + a.dtype().descr() + " " + Arrays.toString(shape)
                    + "; expected float text embeddings [M, d]");
        }
        if (shape[0] != texts.size()) {
            throw new IllegalArgumentException(embeddingFile + " has " + shape[0] + " embeddings for " + texts.size()
                    + " texts in " + textFile.getFileName());
        }
        int d = Math.toIntExact(shape[1]);
        float[][] rows = new float[texts.size()][d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(a.floats(), i * d, rows[i], 0, d);
        }
        return new TextSet(name, List.copyOf(texts), rows);
    }

    /** The texts of picks {@code indices}. */
    public List<String> texts(int[] indices) {
        return Arrays.stream(indices).mapToObj(texts::get).toList();
    }
}
