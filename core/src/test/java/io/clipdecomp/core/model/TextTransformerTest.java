package io.clipdecomp.core.model;

import static io.clipdecomp.core.Tolerances.assertClose;

import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.Tolerances;
import org.junit.jupiter.api.Test;

class TextTransformerTest {

    @Test
    void matchesThePlainImplementationWithCausalMaskAndEotPooling() {
        for (ClipConfig config : new ClipConfig[] {TestModels.tiny(), TestModels.quickGelu()}) {
            int ctx = config.text().contextLength();
            int eot = config.text().vocabSize() - 1;
            long[][] ids = new long[3][ctx];
            ids[0] = row(ctx, new long[] {eot - 1, 3, 4, 5, eot});
            ids[1] = row(ctx, new long[] {eot - 1, 7, eot});
            long[] full = new long[ctx];
            for (int i = 0; i < ctx; i++) {
                full[i] = (i * 7 + 2) % (eot - 1);
            }
            full[0] = eot - 1;
            full[ctx - 1] = eot;
            ids[2] = full;
            try (ClipModel model = TestModels.random(config, 17); NDManager batch = model.newBatchManager()) {
                PlainClip plain = new PlainClip(model.weights());
                float[] got = model.text().encode(batch, ids).toFloatArray();
                int d = config.embedDim();
                for (int i = 0; i < ids.length; i++) {
                    float[] row = java.util.Arrays.copyOfRange(got, i * d, (i + 1) * d);
                    assertClose("text " + i, plain.text(ids[i]), row, Tolerances.VS_PLAIN);
                }
                // a text alone gives the same embedding as in a batch cut at a later end-of-text
                float[] alone = model.text().encode(batch, new long[][] {ids[1]}).toFloatArray();
                assertClose("text 1 alone", plain.text(ids[1]), alone, Tolerances.VS_PLAIN);
            }
        }
    }

    private static long[] row(int ctx, long[] prefix) {
        long[] r = new long[ctx];
        System.arraycopy(prefix, 0, r, 0, prefix.length);
        return r;
    }
}
