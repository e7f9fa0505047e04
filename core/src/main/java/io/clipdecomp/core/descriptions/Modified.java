package io.clipdecomp.core.descriptions;

import java.util.ArrayList;
import java.util.List;

/**
 * A modifier with the nouns it fits: a texture and what has it ("cracked": wall, paint), a material and what
 * is made of it ("wood", "wooden": chair, table), a counting phrase and what it counts ("a herd of": cows).
 *
 * @param word      the modifier as a noun or phrase ("wood", "a herd of")
 * @param adjective the modifier before a noun ("wooden"); the same as {@code word} where English has no other
 * @param nouns     the nouns it fits
 */
record Modified(String word, String adjective, List<Noun> nouns) {

    /**
     * Entries from a semicolon-separated list of {@code word[|adjective]: noun, noun, ...}, nouns in the
     * compact form of {@link Noun#of(String)}.
     */
    static List<Modified> list(String specs) {
        List<Modified> entries = new ArrayList<>();
        for (String spec : specs.split(";")) {
            String s = spec.strip();
            int colon = s.indexOf(':');
            String head = s.substring(0, colon).strip();
            int bar = head.indexOf('|');
            String word = bar < 0 ? head : head.substring(0, bar);
            String adjective = bar < 0 ? head : head.substring(bar + 1);
            entries.add(new Modified(word, adjective, Noun.list(s.substring(colon + 1))));
        }
        return List.copyOf(entries);
    }
}
