package io.clipdecomp.core.descriptions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Picks distinct descriptions from a {@link CandidatePool}, spread evenly over its groups, over the templates
 * of each group and over heads.
 *
 * <p>The groups take turns, one description each; inside a group the templates take turns, each in its own
 * seeded random order. A description is skipped when its text (by {@link CandidatePool#key(String)}) is
 * already taken, and put back for later when its head has reached the cap. Only when no group can give
 * anything under the cap does the cap rise by one, so it binds for as long as the vocabulary allows.
 */
final class BalancedSelection {
    private BalancedSelection() {
    }

    /**
     * {@code count} descriptions in a seeded random order.
     *
     * @param headCap how many descriptions one head may have before the vocabulary runs short
     * @throws IllegalArgumentException if the pool has fewer than {@code count} distinct descriptions
     */
    static List<Description> select(CandidatePool pool, int count, long seed, int headCap) {
        int available = pool.distinctCount();
        if (count > available) {
            throw new IllegalArgumentException("only " + available + " distinct descriptions can be made, "
                    + count + " were asked for");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> groups = pool.groups();
        List<ArrayDeque<Description>> queues = new ArrayList<>();
        List<List<Description>> deferred = new ArrayList<>();
        for (String group : groups) {
            queues.add(interleaved(pool.templates(group), random));
            deferred.add(new ArrayList<>());
        }
        Set<String> taken = new HashSet<>();
        Map<String, Integer> uses = new HashMap<>();
        List<Description> chosen = new ArrayList<>(count);
        int cap = headCap;
        while (chosen.size() < count) {
            boolean progress = false;
            for (int g = 0; g < groups.size() && chosen.size() < count; g++) {
                ArrayDeque<Description> queue = queues.get(g);
                while (!queue.isEmpty()) {
                    Description d = queue.poll();
                    if (taken.contains(CandidatePool.key(d.text()))) {
                        continue;
                    }
                    if (uses.getOrDefault(d.head(), 0) >= cap) {
                        deferred.get(g).add(d);
                        continue;
                    }
                    taken.add(CandidatePool.key(d.text()));
                    uses.merge(d.head(), 1, Integer::sum);
                    chosen.add(d);
                    progress = true;
                    break;
                }
            }
            if (!progress) {
                // every queue is empty: what is left was held back by the cap
                cap++;
                for (int g = 0; g < groups.size(); g++) {
                    queues.get(g).addAll(deferred.get(g));
                    deferred.get(g).clear();
                }
            }
        }
        shuffle(chosen, random);
        return Collections.unmodifiableList(chosen);
    }

    /** The templates' descriptions, each template shuffled, then taken in turns. */
    private static ArrayDeque<Description> interleaved(List<List<Description>> templates, SplittableRandom random) {
        List<List<Description>> shuffled = new ArrayList<>();
        for (List<Description> template : templates) {
            List<Description> copy = new ArrayList<>(template);
            shuffle(copy, random);
            shuffled.add(copy);
        }
        shuffle(shuffled, random);
        ArrayDeque<Description> queue = new ArrayDeque<>();
        for (int i = 0; ; i++) {
            boolean any = false;
            for (List<Description> template : shuffled) {
                if (i < template.size()) {
                    queue.add(template.get(i));
                    any = true;
                }
            }
            if (!any) {
                return queue;
            }
        }
    }

    /** Fisher-Yates on our own random source, so that the order depends on the seed alone. */
    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }
}
