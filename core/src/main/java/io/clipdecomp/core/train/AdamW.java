package io.clipdecomp.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), updating parameters in place. Call it outside
 * any gradient collection, so the update itself is not recorded.
 */
final class AdamW {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.98;
    private static final double EPS = 1e-6;

    private final Map<String, NDArray> parameters;
    private final Set<String> decayed;
    private final double weightDecay;
    private final Map<String, NDArray> firstMoments = new HashMap<>();
    private final Map<String, NDArray> secondMoments = new HashMap<>();
    private int step;

    /**
     * @param parameters arrays with gradients attached, by name
     * @param decayed names of the parameters that weight decay applies to
     */
    AdamW(Map<String, NDArray> parameters, Set<String> decayed, double weightDecay) {
        this.parameters = parameters;
        this.decayed = decayed;
        this.weightDecay = weightDecay;
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            firstMoments.put(e.getKey(), e.getValue().zerosLike());
            secondMoments.put(e.getKey(), e.getValue().zerosLike());
        }
    }

    /** One update with learning rate {@code lr}; zeroes the gradients afterwards. */
    void step(double lr) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray p = e.getValue();
            NDArray m = firstMoments.get(e.getKey());
            NDArray v = secondMoments.get(e.getKey());
            // temporaries (and the gradient's Java handle) land in this scope and are freed with it
            try (NDManager scope = p.getManager().newSubManager()) {
                new NDList(p, m, v).tempAttach(scope);
                NDArray g = p.getGradient();
                g.attach(scope);
                m.muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
                v.muli((float) BETA2).addi(g.square().mul((float) (1 - BETA2)));
                if (decayed.contains(e.getKey())) {
                    p.muli((float) (1 - lr * weightDecay));
                }
                p.subi(m.div((float) correction1).div(v.div((float) correction2).sqrt().add((float) EPS))
                        .mul((float) lr));
                g.muli(0);
            }
        }
    }
}
