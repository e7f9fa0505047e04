package io.clipdecomp.core.spurious;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.analysis.DecompositionRows;
import io.clipdecomp.core.analysis.HeadIndex;
import io.clipdecomp.core.analysis.LinearClassifier;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.textspan.HeadMoments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * compute_use_specific_heads.py (spec §10) in two passes over a decomposition's rows, in memory independent of
 * their number: the first takes the means of every head and MLP term (and, to choose heads automatically, the
 * moments of the heads of the last layers); the second scores per (y, place) group the baseline, the chosen heads
 * removed ({@link HeadRemoval}) and, as the paper's control, random sets of as many heads of the last layers.
 */
public final class SpuriousCueAnalysis {
    private SpuriousCueAnalysis() {
    }

    /**
     * One random control.
     *
     * @param heads the heads removed instead of the chosen ones
     * @param accuracies per group with them removed
     */
    public record RandomTrial(List<HeadIndex> heads, GroupAccuracies accuracies) {
    }

    /**
     * The outcome.
     *
     * @param images rows evaluated
     * @param baseline per group, nothing removed
     * @param replaced per group, the chosen heads, the early layers and the MLPs replaced by their means
     * @param heads the chosen heads
     * @param scores with automatic choice, the chosen heads' concept scores, best first; else empty
     * @param random the random controls, in drawing order
     */
    public record Result(long images, GroupAccuracies baseline, GroupAccuracies replaced, List<HeadIndex> heads,
                         List<HeadConceptScore> scores, List<RandomTrial> random) {

        /** The random control with the best worst group (then the best full accuracy), or null without any. */
        public RandomTrial bestRandom() {
            return random.stream().max(Comparator
                    .comparing((RandomTrial t) -> t.accuracies().worst(), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingDouble(t -> t.accuracies().full())).orElse(null);
        }
    }

    /** Removes {@code heads}; {@code trials} random sets of as many heads of the last layers, drawn from {@code seed}. */
    public static Result withHeads(NDManager manager, DecompositionRows rows, GroupLabels labels,
                                   LinearClassifier classifier, List<HeadIndex> heads, int trials, long seed)
            throws IOException {
        TermShape shape = rows.shape();
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("no heads to remove");
        }
        heads.forEach(h -> h.requireIn(shape));
        classifier.requireDim(shape.dim(), "the decomposition");
        List<List<HeadIndex>> random = RandomHeadSets.draw(HeadRemoval.keptHeads(shape), heads.size(), trials, seed);
        TermMeans.Sums sums = new TermMeans.Sums(shape);
        rows.forEachChunk(sums::add);
        return evaluate(manager, rows, labels, classifier, sums.means(), heads, List.of(), random);
    }

    /**
     * Removes the {@code count} heads of the last layers with the highest concept scores under {@code ranking};
     * random controls as {@link #withHeads}.
     */
    public static Result withConceptHeads(NDManager manager, DecompositionRows rows, GroupLabels labels,
                                          LinearClassifier classifier, ConceptHeadRanking ranking, int count,
                                          int trials, long seed) throws IOException {
        TermShape shape = rows.shape();
        classifier.requireDim(shape.dim(), "the decomposition");
        List<HeadIndex> candidates = HeadRemoval.keptHeads(shape);
        if (count < 1 || count > candidates.size()) {
            throw new IllegalArgumentException("the number of heads to choose must be within 1.." + candidates.size()
                    + " (the heads of the last " + (shape.layers() - HeadRemoval.firstKeptLayer(shape))
                    + " layers), got " + count);
        }
        List<List<HeadIndex>> random = RandomHeadSets.draw(candidates, count, trials, seed);
        TermMeans.Sums sums = new TermMeans.Sums(shape);
        HeadMoments[] moments = new HeadMoments[candidates.size()];
        for (int i = 0; i < moments.length; i++) {
            moments[i] = new HeadMoments(shape.dim());
        }
        rows.forEachChunk(chunk -> {
            sums.add(chunk);
            for (int i = 0; i < moments.length; i++) {
                HeadIndex h = candidates.get(i);
                moments[i].addRows(manager, chunk.heads(), shape.headOffset(h.layer(), h.head()), chunk.count(),
                        shape.headLength());
            }
        });
        List<HeadConceptScore> scores = new ArrayList<>();
        for (int i = 0; i < moments.length; i++) {
            scores.add(ranking.score(candidates.get(i).layer(), candidates.get(i).head(), moments[i]));
        }
        List<HeadConceptScore> chosen = ConceptHeadRanking.top(scores, count);
        List<HeadIndex> heads = chosen.stream().map(HeadConceptScore::index).toList();
        return evaluate(manager, rows, labels, classifier, sums.means(), heads, chosen, random);
    }

    private static Result evaluate(NDManager manager, DecompositionRows rows, GroupLabels labels,
                                   LinearClassifier classifier, TermMeans means, List<HeadIndex> heads,
                                   List<HeadConceptScore> scores, List<List<HeadIndex>> random) throws IOException {
        List<List<HeadIndex>> sets = new ArrayList<>();
        sets.add(heads);
        sets.addAll(random);
        HeadRemoval removal = new HeadRemoval(means, classifier, sets);
        rows.forEachChunk(chunk -> removal.add(manager, chunk, labels.groups(chunk.first(), chunk.count())));
        List<RandomTrial> trials = new ArrayList<>();
        for (int t = 0; t < random.size(); t++) {
            trials.add(new RandomTrial(random.get(t), removal.replaced(1 + t)));
        }
        return new Result(rows.rows(), removal.baseline(), removal.replaced(0), List.copyOf(heads), scores, trials);
    }
}
