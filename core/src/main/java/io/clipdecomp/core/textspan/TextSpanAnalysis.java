package io.clipdecomp.core.textspan;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.ClassLabels;
import io.clipdecomp.core.analysis.DecompositionChunk;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.TermShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * compute_complete_text_set.py (spec §8) in two passes over a decomposition's rows, in memory independent of
 * their number: the first builds every head's sum and, for the heads of the last N layers, their moments; TextSpan
 * runs on the moments; the second pass scores the reconstruction: every head outside the last N layers replaced by
 * its mean, every head inside them by its TextSpan reconstruction, the MLPs kept.
 */
public final class TextSpanAnalysis {
    private TextSpanAnalysis() {
    }

    /**
     * The outcome.
     *
     * @param heads per head of the last N layers, layer by layer, its TextSpan
     * @param accuracy top-1 accuracy (percent) of the reconstruction
     * @param images rows evaluated
     */
    public record Result(List<HeadTextSpan> heads, double accuracy, long images) {
    }

    /** Runs the analysis. */
    public static Result run(NDManager manager, DecompositionRows rows, TextSpanSelector selector, int lastLayers,
                             ClassLabels labels, LinearClassifier classifier) throws IOException {
        TermShape shape = rows.shape();
        if (lastLayers < 1 || lastLayers > shape.layers()) {
            throw new IllegalArgumentException("the number of last layers must be within 1.." + shape.layers()
                    + ", got " + lastLayers);
        }
        classifier.requireDim(shape.dim(), "the decomposition");
        int firstKept = shape.layers() - lastLayers;
        double[] headSums = new double[shape.headLength()];
        HeadMoments[] moments = new HeadMoments[lastLayers * shape.heads()];
        for (int i = 0; i < moments.length; i++) {
            moments[i] = new HeadMoments(shape.dim());
        }
        rows.forEachChunk(chunk -> {
            DecompositionChunk.addRows(headSums, chunk.heads(), chunk.count());
            for (int l = firstKept; l < shape.layers(); l++) {
                for (int h = 0; h < shape.heads(); h++) {
                    moments[(l - firstKept) * shape.heads() + h].addRows(manager, chunk.heads(),
                            shape.headOffset(l, h), chunk.count(), shape.headLength());
                }
            }
        });
        List<HeadTextSpan> spans = new ArrayList<>();
        for (int l = firstKept; l < shape.layers(); l++) {
            for (int h = 0; h < shape.heads(); h++) {
                spans.add(selector.select(l, h, moments[(l - firstKept) * shape.heads() + h]));
            }
        }
        double[] ablated = new double[shape.dim()]; // Σ of the means of the heads outside the last N layers
        for (int l = 0; l < firstKept; l++) {
            for (int h = 0; h < shape.heads(); h++) {
                int o = shape.headOffset(l, h);
                for (int j = 0; j < shape.dim(); j++) {
                    ablated[j] += headSums[o + j] / rows.rows();
                }
            }
        }
        long[] correct = {0};
        rows.forEachChunk(chunk -> correct[0] += score(manager, chunk, spans, ablated, labels, classifier));
        return new Result(spans, (double) correct[0] / rows.rows() * 100, rows.rows());
    }

    private static long score(NDManager manager, DecompositionChunk chunk, List<HeadTextSpan> spans, double[] ablated,
                              ClassLabels labels, LinearClassifier classifier) throws IOException {
        TermShape shape = chunk.shape();
        int d = shape.dim();
        int n = chunk.count();
        double[] reps = new double[n * d];
        double[] rep = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ablated, 0, rep, 0, d);
            int mo = i * shape.mlpLength();
            for (int j = 0; j < shape.mlpLength(); j++) {
                rep[j % d] += chunk.mlps()[mo + j];
            }
            for (HeadTextSpan span : spans) {
                span.addReconstruction(chunk.heads(), i * shape.headLength() + shape.headOffset(span.layer(), span.head()),
                        rep);
            }
            System.arraycopy(rep, 0, reps, i * d, d);
        }
        int[] predicted = classifier.predict(manager, reps, n);
        long[] truth = labels.labels(chunk.first(), n);
        long hits = 0;
        for (int i = 0; i < n; i++) {
            if (predicted[i] == truth[i]) {
                hits++;
            }
        }
        return hits;
    }
}
