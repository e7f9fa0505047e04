package io.clipdecomp.core.descriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EnglishTest {
    @Test
    void articleFollowsTheFirstLetter() {
        assertEquals("an apple", English.withArticle("apple"));
        assertEquals("an Old town", English.withArticle("Old town"));
        assertEquals("a red apple", English.withArticle("red apple"));
        assertEquals("a 3D render", English.withArticle("3D render"));
    }

    @Test
    void regularPlurals() {
        assertEquals("dogs", English.plural("dog"));
        assertEquals("buses", English.plural("bus"));
        assertEquals("boxes", English.plural("box"));
        assertEquals("benches", English.plural("bench"));
        assertEquals("toothbrushes", English.plural("toothbrush"));
        assertEquals("cherries", English.plural("cherry"));
        assertEquals("monkeys", English.plural("monkey"));
        assertEquals("teddy bears", English.plural("teddy bear"));
    }

    @Test
    void nounForms() {
        assertEquals(new Noun("knife", "knives", false), Noun.of(" knife/knives"));
        assertEquals(new Noun("moonlight", "moonlight", true), Noun.of("~moonlight"));
        assertEquals("soft moonlight", Noun.of("~moonlight").a("soft"));
        assertEquals("an old apple", Noun.of("apple").a("old"));
        assertEquals("Abandoned", English.capitalized("abandoned"));
    }
}
