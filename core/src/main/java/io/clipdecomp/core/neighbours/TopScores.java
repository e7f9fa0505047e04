package io.clipdecomp.core.neighbours;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The K largest (score, index) pairs of a stream, kept in a min-heap of at most K entries: one pass, memory
 * O(K) whatever the stream's length. Pairs are ordered as nns.ipynb's heap orders its Python tuples
 * {@code (score, index)}: by score, and on equal scores by index, so of two images with the same score the
 * later one ranks first. -0.0 and 0.0 are equal scores, as in Python.
 */
public final class TopScores {
    private record Entry(double score, long index) {
    }

    private static final Comparator<Entry> ORDER = (a, b) -> a.score < b.score ? -1 : a.score > b.score ? 1
            : Long.compare(a.index, b.index);

    private final int capacity;
    private final PriorityQueue<Entry> heap; // the smallest kept pair at the head

    /** Keeps the {@code capacity} largest pairs. */
    public TopScores(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the number of top scores kept must be 1 or more, got " + capacity);
        }
        this.capacity = capacity;
        this.heap = new PriorityQueue<>(Math.min(capacity, 1 << 16) + 1, ORDER);
    }

    /**
     * Offers the score of image {@code index}.
     *
     * @throws IllegalArgumentException if the score is NaN or infinite, which no order can place
     */
    public void offer(long index, double score) {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("row " + index + " has the non-finite score " + score);
        }
        if (heap.size() < capacity) {
            heap.add(new Entry(score, index));
            return;
        }
        Entry least = heap.peek();
        if (score > least.score || (score == least.score && index > least.index)) {
            heap.poll();
            heap.add(new Entry(score, index));
        }
    }

    /** The pairs kept, highest first, ranked from 1. */
    public List<Neighbour> ranked() {
        List<Entry> entries = new ArrayList<>(heap);
        entries.sort(ORDER.reversed());
        List<Neighbour> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            out.add(new Neighbour(i + 1, entries.get(i).index, entries.get(i).score));
        }
        return out;
    }
}
