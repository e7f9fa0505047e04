package io.clipdecomp.core.bench;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.textspan.HeadMoments;
import io.clipdecomp.core.textspan.HeadTextSpan;
import io.clipdecomp.core.textspan.SampleTextSpan;
import io.clipdecomp.core.textspan.TextSpanSelector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Times TextSpan for one head both ways on the same synthetic data: from moments (building count, sum and XᵀX,
 * then the search) and on the samples (the original algorithm), in ViT-H-14's geometry by default: d = 1024, a
 * head of width 80 plus its bias and normalisation shares (rank 83), 3,498 texts, 20 picks, rank 80.
 */
public final class TextSpanBenchmark {
    /** Width of one head's output space in ViT-H-14. */
    private static final int HEAD_WIDTH = 80;

    private final int dim;
    private final int texts;
    private final int picks;
    private final int rank;
    private final Consumer<String> log;

    public TextSpanBenchmark(int dim, int texts, int picks, int rank, Consumer<String> log) {
        this.dim = dim;
        this.texts = texts;
        this.picks = picks;
        this.rank = rank;
        this.log = log;
    }

    /** ViT-H-14's TextSpan geometry as the paper's README runs it. */
    public static TextSpanBenchmark vitH14(Consumer<String> log) {
        return new TextSpanBenchmark(1024, 3498, 20, 80, log);
    }

    /** Runs both routes on {@code images} synthetic contributions; figures are seconds for one head. */
    public Map<String, Object> run(NDManager manager, int images) {
        SplittableRandom random = new SplittableRandom(42);
        float[] data = headContributions(random, images);
        float[][] textSet = unitTexts(random);
        log.accept("textspan: " + images + " images x " + dim + " dims, " + texts + " texts, " + picks
                + " picks, rank " + rank);
        long t0 = System.nanoTime();
        HeadMoments moments = new HeadMoments(dim);
        int batch = 256;
        for (int first = 0; first < images; first += batch) {
            moments.addRows(manager, data, first * dim, Math.min(batch, images - first), dim);
        }
        long t1 = System.nanoTime();
        HeadTextSpan span = new TextSpanSelector(textSet, picks, rank).select(0, 0, moments);
        long t2 = System.nanoTime();
        log.accept(String.format("textspan: from moments %.2f s; now the sample route", seconds(t0, t2)));
        SampleTextSpan.Result samples = SampleTextSpan.run(manager, data, images, dim, textSet, picks, rank);
        long t3 = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("textspanImages", images);
        m.put("textspanDim", dim);
        m.put("textspanTexts", texts);
        m.put("textspanPicks", picks);
        m.put("textspanRank", rank);
        m.put("textspanMomentsBuildSecondsPerHead", seconds(t0, t1));
        m.put("textspanSearchSecondsPerHead", seconds(t1, t2));
        m.put("textspanFromMomentsSecondsPerHead", seconds(t0, t2));
        m.put("textspanFromSamplesSecondsPerHead", seconds(t2, t3));
        m.put("ratioSamplesToMoments", seconds(t2, t3) / seconds(t0, t2));
        m.put("textspanStateBytesPerHead", moments.stateBytes());
        m.put("textspanSamplesBytesPerHead", 4L * images * dim);
        m.put("textspanSamePicks", Arrays.equals(span.indices(), samples.indices()));
        return m;
    }

    /** Contributions of rank HEAD_WIDTH + 3 with decaying spread and a mean offset, like a real head's. */
    private float[] headContributions(SplittableRandom random, int images) {
        int r = Math.min(dim, HEAD_WIDTH + 3);
        float[] basis = new float[r * dim];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) random.nextGaussian();
        }
        float[] data = new float[images * dim];
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < r; c++) {
                float w = (float) (random.nextGaussian() / (1 + c) + (c == 0 ? 2 : 0));
                for (int j = 0; j < dim; j++) {
                    data[i * dim + j] += w * basis[c * dim + j];
                }
            }
        }
        return data;
    }

    private float[][] unitTexts(SplittableRandom random) {
        float[][] t = new float[texts][dim];
        for (float[] row : t) {
            double n = 0;
            for (int j = 0; j < dim; j++) {
                row[j] = (float) random.nextGaussian();
                n += row[j] * row[j];
            }
            float s = (float) (1 / Math.sqrt(n));
            for (int j = 0; j < dim; j++) {
                row[j] *= s;
            }
        }
        return t;
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
