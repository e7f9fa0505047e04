package io.clipdecomp.core.descriptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Where something is, with the preposition English uses for it: "in a desert", "at a waterfall".
 *
 * @param preposition "in", "at", "on", ...
 * @param phrase      the place with its article, "a desert"
 */
record Setting(String preposition, String phrase) {

    /** Settings from a semicolon-separated list such as {@code "in a desert; at a waterfall"}. */
    static List<Setting> list(String specs) {
        List<Setting> settings = new ArrayList<>();
        for (String spec : specs.split(";")) {
            String s = spec.strip();
            int space = s.indexOf(' ');
            settings.add(new Setting(s.substring(0, space), s.substring(space + 1)));
        }
        return List.copyOf(settings);
    }

    /** "in a desert". */
    String where() {
        return preposition + " " + phrase;
    }

    /** The place without its article, "desert": what descriptions of it are about. */
    String head() {
        for (String article : new String[] {"a ", "an ", "the "}) {
            if (phrase.startsWith(article)) {
                return phrase.substring(article.length());
            }
        }
        return phrase;
    }
}
