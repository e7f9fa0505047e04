package io.clipdecomp.core.train;

import io.clipdecomp.core.segment.LabelMask;
import io.clipdecomp.core.segment.SegmentationDataset;
import io.clipdecomp.core.segment.SegmentationSample;
import io.clipdecomp.core.shapes.Scene;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.SceneSpec;

/**
 * Scenes 0..count-1 of a seed with the union of their objects' masks, generated in memory: the images and masks
 * {@code generate-shapes --layout segmentation} writes for the same seed and count.
 */
final class SegmentationScenes implements SegmentationDataset {
    private final long seed;
    private final int count;

    SegmentationScenes(long seed, int count) {
        this.seed = seed;
        this.count = count;
    }

    @Override
    public String name() {
        return "shapes";
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public String sampleId(int index) {
        return Integer.toString(index);
    }

    @Override
    public SegmentationSample sample(int index) {
        Scene scene = SceneGenerator.render(seed, index, SceneGenerator.DEFAULT_CANVAS, SceneSpec.any());
        return new SegmentationSample(index, sampleId(index), scene.image(), LabelMask.ofNonZero(scene.unionMask()));
    }
}
