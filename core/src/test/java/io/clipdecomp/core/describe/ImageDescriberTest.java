package io.clipdecomp.core.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Scores, orthogonalised coefficients and span shares: a hand-worked case and an independent least squares. */
class ImageDescriberTest {
    private static final double EXACT = 1e-12;
    private static final double S = Math.sqrt(2);

    /** t0 = e1, t1 = (e1 + e2)/√2 (given unnormalised), t2 = e3 (given as 2 e3), t3 = e2. */
    private static final float[][] TEXTS = {{1, 0, 0}, {1, 1, 0}, {0, 0, 2}, {0, 1, 0}};
    private static final float[] C = {2, 1, 3};

    @Test
    void handWorkedHeadOnItsTextSpanTexts() {
        ImageDescriber describer = new ImageDescriber(TEXTS);
        // picks in order 1, 0, 3: u1 = (1,1,0)/√2, u2 = (1,-1,0)/√2, t3 is in their span
        HeadDescription d = describer.head(2, 1, C, new int[] {1, 0, 3}, 10);
        assertEquals(2, d.layer());
        assertEquals(1, d.head());
        assertEquals(Math.sqrt(14), d.norm(), EXACT);
        // scores <c, t>: t0 → 2, t1 → 3/√2 ≈ 2.12, t3 → 1; ranked by score
        List<TextScore> texts = d.texts();
        assertEquals(3, texts.size());
        assertEquals(1, texts.get(0).index());
        assertEquals(3 / S, texts.get(0).score(), EXACT);
        assertEquals(3 / S, texts.get(0).coefficient(), EXACT);
        assertEquals(0, texts.get(1).index());
        assertEquals(2, texts.get(1).score(), EXACT);
        assertEquals(1 / S, texts.get(1).coefficient(), EXACT);
        assertEquals(3, texts.get(2).index());
        assertEquals(1, texts.get(2).score(), EXACT);
        assertEquals(0, texts.get(2).coefficient(), EXACT);
        // (9/2 + 1/2) of |c|² = 14 lies in the plane z = 0
        assertEquals(5.0 / 14, d.spanShare(), EXACT);
        assertEquals(1, describer.head(2, 1, C, new int[] {1, 0, 3}, 1).texts().size());
    }

    @Test
    void withoutABasisEveryTextIsScoredAndTiesGoToTheLowerIndex() {
        ImageDescriber describer = new ImageDescriber(TEXTS);
        HeadDescription d = describer.head(0, 0, new float[] {1, 1, 1}, null, 4);
        assertNull(d.spanShare());
        // scores: t0 1, t1 √2, t2 1, t3 1
        assertEquals(List.of(1, 0, 2, 3), d.texts().stream().map(TextScore::index).toList());
        assertNull(d.texts().get(0).coefficient());
    }

    @Test
    void overallIsTheCosineWithTheEmbedding() {
        ImageDescriber describer = new ImageDescriber(TEXTS);
        List<TextScore> top = describer.overall(new float[] {4, 2, 6}, 2);
        assertEquals(List.of(2, 1), top.stream().map(TextScore::index).toList());
        assertEquals(6 / Math.sqrt(56), top.get(0).score(), EXACT);
        assertEquals(6 / S / Math.sqrt(56), top.get(1).score(), EXACT);
    }

    @Test
    void spanShareAndCoefficientsMatchALeastSquaresProjection() {
        SplittableRandom random = new SplittableRandom(3);
        int d = 12;
        int m = 30;
        float[][] texts = new float[m][d];
        for (float[] t : texts) {
            for (int j = 0; j < d; j++) {
                t[j] = (float) random.nextGaussian();
            }
        }
        float[] c = new float[d];
        for (int j = 0; j < d; j++) {
            c[j] = (float) random.nextGaussian();
        }
        int[] basis = {17, 3, 25, 8, 11};
        HeadDescription head = new ImageDescriber(texts).head(5, 2, c, basis, basis.length);
        // the projection of c onto the span of the picked texts by the normal equations, in EJML
        DMatrixRMaj t = new DMatrixRMaj(basis.length, d);
        for (int i = 0; i < basis.length; i++) {
            for (int j = 0; j < d; j++) {
                t.set(i, j, texts[basis[i]][j]);
            }
        }
        DMatrixRMaj cv = new DMatrixRMaj(d, 1);
        double cc = 0;
        for (int j = 0; j < d; j++) {
            cv.set(j, 0, c[j]);
            cc += (double) c[j] * c[j];
        }
        DMatrixRMaj gram = new DMatrixRMaj(basis.length, basis.length);
        CommonOps_DDRM.multTransB(t, t, gram);
        DMatrixRMaj b = new DMatrixRMaj(basis.length, 1);
        CommonOps_DDRM.mult(t, cv, b);
        DMatrixRMaj x = new DMatrixRMaj(basis.length, 1);
        CommonOps_DDRM.solve(gram, b, x);
        double inSpan = CommonOps_DDRM.dot(b, x); // |T^T x|^2 = c^T T^T x for the least-squares x
        assertEquals(inSpan / cc, head.spanShare(), 1e-10);
        double sumSquares = 0;
        for (TextScore s : head.texts()) {
            sumSquares += s.coefficient() * s.coefficient();
        }
        assertEquals(inSpan, sumSquares, 1e-10);
        // the first pick's direction is its own: its coefficient is its score
        TextScore first = head.texts().stream().filter(s -> s.index() == 17).findFirst().orElseThrow();
        assertEquals(first.score(), first.coefficient(), EXACT);
    }

    @Test
    void badInputsAreRefused() {
        ImageDescriber describer = new ImageDescriber(TEXTS);
        assertThrows(IllegalArgumentException.class, () -> describer.head(0, 0, C, new int[] {0, 0}, 3));
        assertThrows(IllegalArgumentException.class, () -> describer.head(0, 0, C, new int[] {4}, 3));
        assertThrows(IllegalArgumentException.class, () -> describer.head(0, 0, new float[2], null, 3));
        assertThrows(IllegalArgumentException.class, () -> describer.overall(C, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImageDescriber(new float[][] {{0, 0, 0}}));
    }
}
