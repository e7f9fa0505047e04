package io.clipdecomp.core.descriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancedSelectionTest {
    /** Group "a": ten descriptions of one head; group "b": ten of ten different heads. */
    private static CandidatePool twoGroups() {
        CandidatePool pool = new CandidatePool();
        for (int i = 0; i < 10; i++) {
            pool.add("a", "t", "A ball number " + i, "ball");
            pool.add("b", "t", "A cup number " + i, "cup " + i);
        }
        return pool;
    }

    private static Map<String, Integer> perGroup(List<Description> chosen) {
        Map<String, Integer> counts = new HashMap<>();
        for (Description d : chosen) {
            counts.merge(d.group(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void groupsTakeTurnsUntilTheHeadCapBinds() {
        // turns a b a b; then "ball" has its 2 and only b gives, until 6
        List<Description> chosen = BalancedSelection.select(twoGroups(), 6, 1, 2);
        assertEquals(Map.of("a", 2, "b", 4), perGroup(chosen));
        // equal turns while neither is held back
        assertEquals(Map.of("a", 2, "b", 2), perGroup(BalancedSelection.select(twoGroups(), 4, 1, 5)));
    }

    @Test
    void theCapRisesOnlyWhenNothingElseIsLeft() {
        List<Description> chosen = BalancedSelection.select(twoGroups(), 14, 3, 2);
        assertEquals(Map.of("a", 4, "b", 10), perGroup(chosen));
        assertEquals(20, BalancedSelection.select(twoGroups(), 20, 3, 1).size());
    }

    @Test
    void caseAndSpacesDoNotMakeADescriptionNew() {
        CandidatePool pool = new CandidatePool();
        pool.add("a", "t", "A red ball", "ball");
        pool.add("b", "t", "a  RED ball ", "ball");
        pool.add("b", "t", "A blue ball", "ball");
        assertEquals(2, pool.distinctCount());
        List<Description> both = BalancedSelection.select(pool, 2, 0, 5);
        assertEquals(2, both.size());
        assertTrue(both.stream().anyMatch(d -> d.text().equals("A blue ball")), both.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BalancedSelection.select(pool, 3, 0, 5));
        assertTrue(e.getMessage().contains("only 2 distinct"), e.getMessage());
    }

    @Test
    void overlongAndNonAsciiDescriptionsAreNotKept() {
        CandidatePool pool = new CandidatePool();
        pool.add("a", "t", "one two three four five six seven eight nine ten", "x");
        pool.add("a", "t", "one two three four five six seven eight nine ten eleven", "y");
        assertEquals(1, pool.distinctCount());
        assertThrows(IllegalStateException.class, () -> pool.add("a", "t", "caf\u00e9", "z"));
    }

    @Test
    void theSeedAloneDecidesTheOrder() {
        assertEquals(BalancedSelection.select(twoGroups(), 12, 7, 3), BalancedSelection.select(twoGroups(), 12, 7, 3));
        assertNotEquals(BalancedSelection.select(twoGroups(), 12, 7, 3),
                BalancedSelection.select(twoGroups(), 12, 8, 3));
    }
}
