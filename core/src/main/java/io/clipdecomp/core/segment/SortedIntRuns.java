package io.clipdecomp.core.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growing multiset of ints, read back once in ascending order: values go into fixed-size chunks (no copy of
 * everything when it grows), each chunk is sorted at the end and the chunks are merged through a heap.
 */
final class SortedIntRuns {
    private static final int DEFAULT_CHUNK = 1 << 20;

    private final int chunkSize;
    private final List<int[]> chunks = new ArrayList<>();
    private int[] current;
    private int filled;
    private long size;
    private boolean sorted;

    // merge state: one cursor per chunk, a heap of chunk indices ordered by their cursor's value
    private int[] ends;
    private int[] cursors;
    private int[] heap;
    private int heapSize;

    SortedIntRuns() {
        this(DEFAULT_CHUNK);
    }

    /** With chunks of {@code chunkSize} values (small ones let tests merge many chunks). */
    SortedIntRuns(int chunkSize) {
        this.chunkSize = chunkSize;
        this.current = new int[chunkSize];
    }

    void add(int value) {
        if (sorted) {
            throw new IllegalStateException("values cannot be added once reading has started");
        }
        if (filled == chunkSize) {
            chunks.add(current);
            current = new int[chunkSize];
            filled = 0;
        }
        current[filled++] = value;
        size++;
    }

    long size() {
        return size;
    }

    /** Sorts the chunks and starts reading from the smallest value. */
    void startReading() {
        if (sorted) {
            throw new IllegalStateException("the values were already read");
        }
        sorted = true;
        if (filled > 0) {
            chunks.add(current.length == filled ? current : Arrays.copyOf(current, filled));
        }
        current = null;
        int k = chunks.size();
        ends = new int[k];
        cursors = new int[k];
        heap = new int[k];
        for (int c = 0; c < k; c++) {
            int[] chunk = chunks.get(c);
            Arrays.sort(chunk);
            ends[c] = chunk.length;
            heap[heapSize++] = c;
            siftUp(heapSize - 1);
        }
    }

    boolean hasNext() {
        return heapSize > 0;
    }

    /** The smallest unread value; only when {@link #hasNext()}. */
    int peek() {
        return value(heap[0]);
    }

    /** Takes the smallest unread value. */
    int next() {
        int c = heap[0];
        int v = value(c);
        if (++cursors[c] == ends[c]) {
            heap[0] = heap[--heapSize];
        }
        if (heapSize > 0) {
            siftDown(0);
        }
        return v;
    }

    private int value(int chunk) {
        return chunks.get(chunk)[cursors[chunk]];
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (value(heap[parent]) <= value(heap[i])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= heapSize) {
                return;
            }
            int smallest = left + 1 < heapSize && value(heap[left + 1]) < value(heap[left]) ? left + 1 : left;
            if (value(heap[i]) <= value(heap[smallest])) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
