package io.clipdecomp.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.analysis.HeadIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadSelectionTest {
    @Test
    void parsesLayerDotHeadLists() {
        HeadSelection s = HeadSelection.parse("10.3, 11.0");
        assertEquals(List.of(new HeadIndex(10, 3), new HeadIndex(11, 0)), s.heads());
        assertTrue(s.includes(10, 3));
        assertFalse(s.includes(3, 10));
        assertFalse(s.isAll());
        assertTrue(HeadSelection.all().includes(7, 7));
    }

    @Test
    void namesTheBadEntry() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeadSelection.parse("1.2,3"))
                .getMessage().contains("'3' is not a head; write layer.head"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeadSelection.parse("1.2,1.2"))
                .getMessage().contains("head 1.2 is listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeadSelection.parse("1.-2"))
                .getMessage().contains("negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeadSelection.parse("2.0").checkFits(2, 4))
                .getMessage().contains("head 2.0 is not in the model: it has layers 0-1 with heads 0-3"));
        HeadSelection.parse("1.3").checkFits(2, 4);
    }
}
