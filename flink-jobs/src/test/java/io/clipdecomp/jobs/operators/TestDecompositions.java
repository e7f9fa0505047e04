package io.clipdecomp.jobs.operators;

import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Decomposition records of random terms for operator tests: shape [L, H, d] of the caller's choosing. */
final class TestDecompositions {
    private final int layers;
    private final int heads;
    private final int dim;

    TestDecompositions(int layers, int heads, int dim) {
        this.layers = layers;
        this.heads = heads;
        this.dim = dim;
    }

    /** Image {@code i} of {@code dataset} with terms drawn from {@code r} and the given labels. */
    ImageDecomposition next(SplittableRandom r, String dataset, int i, Long... label) {
        return ImageDecomposition.newBuilder().setId(dataset + "-" + i).setIndex(i).setModel("tiny")
                .setDataset(dataset).setLabel(List.of(label))
                .setEmbedding(FloatTensors.pack(new float[dim], dim)).setEmbeddingNorm(1f)
                .setHeads(FloatTensors.pack(random(r, layers * heads * dim), layers, heads, dim))
                .setMlps(FloatTensors.pack(random(r, (layers + 1) * dim), layers + 1, dim))
                .setClsAttn(FloatTensors.pack(random(r, layers * dim), layers, dim))
                .setEventTime(Instant.ofEpochMilli(i)).build();
    }

    static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1 + (i % 3) * 0.2);
        }
        return v;
    }
}
