package io.clipdecomp.core.spurious;

import io.clipdecomp.core.analysis.HeadIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's control for chosen heads: random sets of as many distinct heads, drawn uniformly from the same
 * candidates, reproducibly from a seed.
 */
public final class RandomHeadSets {
    private RandomHeadSets() {
    }

    /**
     * {@code trials} sets of {@code size} distinct heads of {@code candidates}, each sorted by layer and head.
     *
     * @throws IllegalArgumentException if there are fewer than {@code size} candidates
     */
    public static List<List<HeadIndex>> draw(List<HeadIndex> candidates, int size, int trials, long seed) {
        if (trials < 0 || size < 1) {
            throw new IllegalArgumentException("random head sets need a positive size and a non-negative count, got "
                    + size + " and " + trials);
        }
        if (trials > 0 && size > candidates.size()) {
            throw new IllegalArgumentException("cannot draw " + size + " distinct heads out of the " + candidates.size()
                    + " heads of the last layers for a random control; ask for no random sets");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<HeadIndex>> sets = new ArrayList<>(trials);
        for (int t = 0; t < trials; t++) {
            List<HeadIndex> pool = new ArrayList<>(candidates);
            // partial Fisher-Yates: the first `size` entries become a uniform sample without replacement
            for (int i = 0; i < size; i++) {
                int j = i + random.nextInt(pool.size() - i);
                HeadIndex swap = pool.get(i);
                pool.set(i, pool.get(j));
                pool.set(j, swap);
            }
            List<HeadIndex> set = new ArrayList<>(pool.subList(0, size));
            set.sort(null);
            sets.add(set);
        }
        return sets;
    }
}
