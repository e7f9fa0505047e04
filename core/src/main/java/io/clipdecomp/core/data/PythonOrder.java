package io.clipdecomp.core.data;

import java.util.Comparator;

/**
 * Orders strings as Python's {@code sorted} does, by Unicode code point. String.compareTo compares UTF-16
 * units, which differs for characters beyond U+FFFF against U+E000..U+FFFF.
 */
public final class PythonOrder {
    public static final Comparator<String> CODE_POINTS = PythonOrder::compare;

    private PythonOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
