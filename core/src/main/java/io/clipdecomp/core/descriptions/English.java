package io.clipdecomp.core.descriptions;

import java.util.Locale;

/** The few rules of English the descriptions need: the indefinite article, plurals and a capital first letter. */
final class English {
    private English() {
    }

    /**
     * "a" or "an" before a phrase, by its first letter; the vocabulary avoids the words this gets wrong
     * (a unicorn, an hour).
     */
    static String withArticle(String phrase) {
        return ("aeiouAEIOU".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
    }

    /** The regular plural of a phrase's last word: +es after s, x, z, ch, sh; consonant + y to ies; else +s. */
    static String plural(String phrase) {
        String lower = phrase.toLowerCase(Locale.ROOT);
        if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("z") || lower.endsWith("ch")
                || lower.endsWith("sh")) {
            return phrase + "es";
        }
        if (lower.length() > 1 && lower.endsWith("y") && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
            return phrase.substring(0, phrase.length() - 1) + "ies";
        }
        return phrase + "s";
    }

    /** The text with its first letter in upper case. */
    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
