package io.clipdecomp.jobs.operators;

import io.clipdecomp.core.analysis.AblationSample;
import io.clipdecomp.core.analysis.TermShape;
import io.clipdecomp.core.spurious.RemovalSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one subtask adds up between two flushes for one (model, dataset): the running sums of its images' terms
 * and, for mean-ablation, each labelled image reduced to its {@code AblationSample} (Flink POJO).
 */
public class PartialSums {
    /** Sums of heads, MLPs and class-token terms of the images since the last flush. */
    public ComponentSums sums;
    /** Labels of the reduced images, one per image. */
    public long[] ablationLabels;
    /** The reduced images, one after the other: layer sums [L, d], class-token total [d], MLP total [d]. */
    public double[] ablationTerms;
    /** Groups {@code 2 y + place} of the images reduced for spurious-cue reports. */
    public int[] spuriousGroups;
    /** Those images, one after the other: full representation [d], kept heads without the removed ones [d]. */
    public double[] spuriousTerms;

    public PartialSums() {
    }

    /** Writes a reduced image at {@code offset}: layer sums, class-token total, MLP total. */
    static void pack(AblationSample s, double[] into, int offset) {
        int at = offset;
        for (double[] part : new double[][] {s.layerSums(), s.clsTotal(), s.mlpTotal()}) {
            System.arraycopy(part, 0, into, at, part.length);
            at += part.length;
        }
    }

    /** The images reduced for spurious-cue reports, for embeddings of {@code d} dimensions. */
    public List<RemovalSample> spuriousSamples(int d) {
        List<RemovalSample> samples = new ArrayList<>();
        if (spuriousGroups == null) {
            return samples;
        }
        for (int i = 0; i < spuriousGroups.length; i++) {
            int o = 2 * i * d;
            samples.add(new RemovalSample(spuriousGroups[i], Arrays.copyOfRange(spuriousTerms, o, o + d),
                    new double[][] {Arrays.copyOfRange(spuriousTerms, o + d, o + 2 * d)}));
        }
        return samples;
    }

    /** The reduced images of this partial, for a model of {@code shape}. */
    public List<AblationSample> ablationSamples(TermShape shape) {
        List<AblationSample> samples = new ArrayList<>();
        if (ablationLabels == null) {
            return samples;
        }
        int d = shape.dim();
        int width = (shape.layers() + 2) * d;
        for (int i = 0; i < ablationLabels.length; i++) {
            int o = i * width;
            samples.add(new AblationSample(ablationLabels[i],
                    Arrays.copyOfRange(ablationTerms, o, o + shape.layers() * d),
                    Arrays.copyOfRange(ablationTerms, o + shape.layers() * d, o + (shape.layers() + 1) * d),
                    Arrays.copyOfRange(ablationTerms, o + (shape.layers() + 1) * d, o + width)));
        }
        return samples;
    }
}
