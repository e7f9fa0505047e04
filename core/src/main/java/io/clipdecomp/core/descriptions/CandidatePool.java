package io.clipdecomp.core.descriptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every description a world's templates can make, by group and by template, in the order they were made.
 *
 * <p>Descriptions longer than {@link #MAX_WORDS} words are not kept: the set is of short descriptions, and a
 * template filled with a long noun phrase may pass the limit.
 */
final class CandidatePool {
    /** The longest description, in words. */
    static final int MAX_WORDS = 10;

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7E]+");

    private final Map<String, Map<String, List<Description>>> groups = new LinkedHashMap<>();

    /**
     * Adds a description made by {@code template} in {@code group}.
     *
     * @throws IllegalStateException if the text is not printable ASCII (a mistake in the vocabulary)
     */
    void add(String group, String template, String text, String head) {
        if (!PRINTABLE_ASCII.matcher(text).matches()) {
            throw new IllegalStateException("description '" + text + "' (template '" + template
                    + "') is not printable ASCII");
        }
        if (SPACES.split(text.strip()).length > MAX_WORDS) {
            return;
        }
        groups.computeIfAbsent(group, g -> new LinkedHashMap<>())
                .computeIfAbsent(template, t -> new ArrayList<>())
                .add(new Description(text, group, head));
    }

    /** Group names in the order they were first used. */
    List<String> groups() {
        return List.copyOf(groups.keySet());
    }

    /** The group's templates, each with the descriptions it made, in the order they were first used. */
    List<List<Description>> templates(String group) {
        return List.copyOf(groups.getOrDefault(group, Map.of()).values());
    }

    /** How many descriptions differ by {@link #key(String)}: the most a selection can return. */
    int distinctCount() {
        Set<String> keys = new HashSet<>();
        for (Map<String, List<Description>> templates : groups.values()) {
            for (List<Description> descriptions : templates.values()) {
                for (Description d : descriptions) {
                    keys.add(key(d.text()));
                }
            }
        }
        return keys.size();
    }

    /** What two descriptions must differ in to both be kept: case and runs of whitespace do not count. */
    static String key(String text) {
        return SPACES.matcher(text.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
