package io.clipdecomp.jobs.operators;

/**
 * Running sums of decomposition terms for one (model, dataset), kept in keyed state (Flink POJO). Sums are
 * double so that millions of float terms add up without drift.
 */
public class ComponentSums {
    /** The model the terms come from. */
    public String model;
    /** The dataset or stream the images belong to. */
    public String dataset;
    /** Images added. */
    public long count;
    /** Sum of per-head terms [L * H * d]. */
    public double[] heads;
    /** Sum of MLP terms [(L+1) * d]. */
    public double[] mlps;
    /** Sum of class-token terms [L * d]. */
    public double[] clsAttn;
    /** Shape [L, H, d] of the head terms. */
    public int[] headShape;

    public ComponentSums() {
    }

    public ComponentSums(String model, String dataset) {
        this.model = model;
        this.dataset = dataset;
    }

    /** Adds one image's terms; the first image fixes the sizes. */
    public void add(float[] headTerms, float[] mlpTerms, float[] clsTerms, int[] shape) {
        if (count == 0) {
            heads = new double[headTerms.length];
            mlps = new double[mlpTerms.length];
            clsAttn = new double[clsTerms.length];
            headShape = shape.clone();
        } else if (headTerms.length != heads.length || mlpTerms.length != mlps.length
                || clsTerms.length != clsAttn.length) {
            throw new IllegalArgumentException("terms of " + headTerms.length + "/" + mlpTerms.length + "/"
                    + clsTerms.length + " values do not match the running sums of " + heads.length + "/"
                    + mlps.length + "/" + clsAttn.length);
        }
        accumulate(heads, headTerms);
        accumulate(mlps, mlpTerms);
        accumulate(clsAttn, clsTerms);
        count++;
    }

    /** Adds another set of sums (of the same sizes) to these. */
    public void merge(ComponentSums other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            heads = new double[other.heads.length];
            mlps = new double[other.mlps.length];
            clsAttn = new double[other.clsAttn.length];
            headShape = other.headShape.clone();
        } else if (other.heads.length != heads.length || other.mlps.length != mlps.length
                || other.clsAttn.length != clsAttn.length) {
            throw new IllegalArgumentException("sums of " + other.heads.length + "/" + other.mlps.length + "/"
                    + other.clsAttn.length + " values do not match the running sums of " + heads.length + "/"
                    + mlps.length + "/" + clsAttn.length);
        }
        add(heads, other.heads);
        add(mlps, other.mlps);
        add(clsAttn, other.clsAttn);
        count += other.count;
    }

    /** Sum / count, as floats. */
    public static float[] mean(double[] sum, long count) {
        float[] m = new float[sum.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (sum[i] / count);
        }
        return m;
    }

    private static void add(double[] sum, double[] values) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }

    private static void accumulate(double[] sum, float[] values) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }
}
