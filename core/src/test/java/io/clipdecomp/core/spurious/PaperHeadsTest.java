package io.clipdecomp.core.spurious;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.analysis.HeadIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-picked lists of compute_use_specific_heads.py, as spec §10 transcribes them. */
class PaperHeadsTest {

    @Test
    void vitB16IsGeolocationThenSetting() {
        assertEquals(heads("11.6,11.0,11.3,10.11,10.10,9.8,9.6"), PaperHeads.forModel("ViT-B-16"));
    }

    @Test
    void vitL14HasFifteenHeadsWith22_12Once() {
        List<HeadIndex> l = PaperHeads.forModel("ViT-L-14");
        assertEquals(heads("21.1,22.12,22.13,21.11,21.14,23.6,21.3,21.6,21.8,21.13,22.2,22.15,23.1,23.3,23.5"), l);
        assertEquals(15, l.size());
    }

    @Test
    void vitH14HasNineHeads() {
        assertEquals(heads("31.8,30.15,30.12,30.6,29.14,29.8,31.12,30.11,29.4"), PaperHeads.forModel("ViT-H-14"));
    }

    @Test
    void otherModelsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperHeads.forModel("vit-b-16"));
        assertTrue(e.getMessage().contains("not for model 'vit-b-16'"), e.getMessage());
        assertTrue(e.getMessage().contains("ViT-B-16, ViT-L-14, ViT-H-14"), e.getMessage());
    }

    private static List<HeadIndex> heads(String list) {
        return HeadIndex.parseList(list);
    }
}
