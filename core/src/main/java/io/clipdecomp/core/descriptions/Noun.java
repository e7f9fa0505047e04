package io.clipdecomp.core.descriptions;

import java.util.ArrayList;
import java.util.List;

/**
 * A noun phrase of the vocabulary with its plural; a mass noun ("moonlight", "fog") takes no article.
 *
 * <p>Written compactly as {@code "apple"} (regular plural), {@code "knife/knives"} (irregular plural) or
 * {@code "~moonlight"} (mass noun).
 */
record Noun(String singular, String plural, boolean mass) {

    /** One noun from its compact form. */
    static Noun of(String spec) {
        String s = spec.strip();
        if (s.startsWith("~")) {
            String word = s.substring(1);
            return new Noun(word, word, true);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            return new Noun(s.substring(0, slash), s.substring(slash + 1), false);
        }
        return new Noun(s, English.plural(s), false);
    }

    /** Nouns from a comma-separated list of compact forms. */
    static List<Noun> list(String specs) {
        List<Noun> nouns = new ArrayList<>();
        for (String spec : specs.split(",")) {
            nouns.add(of(spec));
        }
        return List.copyOf(nouns);
    }

    /** "an apple", "moonlight". */
    String a() {
        return mass ? singular : English.withArticle(singular);
    }

    /** The noun after a modifier, with the article the whole phrase needs: "an old apple", "soft moonlight". */
    String a(String modifier) {
        String phrase = modifier + " " + singular;
        return mass ? phrase : English.withArticle(phrase);
    }

    /** The noun after a modifier, without article: "old apple". */
    String after(String modifier) {
        return modifier + " " + singular;
    }
}
