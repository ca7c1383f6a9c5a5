package dev.rivulet.redaction;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rewrites a Go (RE2) regular expression, as written in gitleaks' rules, into
 * {@code java.util.regex} syntax. Most RE2 syntax means the same in Java; the
 * differences that change meaning or fail to compile are rewritten here:
 * <ul>
 * <li>{@code (?P<name>…)}: Java spells it {@code (?<name>…)} and forbids {@code _} in
 *     names, so named groups become plain groups (numbering is unchanged);</li>
 * <li>POSIX classes {@code [[:alnum:]]}: Java would read {@code [:alnum:]} as the set of
 *     characters {@code :alnum}, silently;</li>
 * <li>{@code [} and {@code &&} inside a class are literals in RE2, but union and
 *     intersection in Java;</li>
 * <li>a {@code {} that does not start a repetition ({@code \$\{VAR\}}) is a literal in RE2
 *     but an error in Java.</li>
 * </ul>
 * {@code \z}, {@code (?i)} mid-pattern, {@code (?-i:…)}, {@code \x60} and Perl classes need no change.
 */
final class GoRegex {

    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\x00-\\x7F"),
            Map.entry("blank", "\\t "), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "0-9"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "a-z"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\t\\n\\x0B\\f\\r "), Map.entry("upper", "A-Z"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "0-9A-Fa-f"));

    private static final Pattern REPETITION = Pattern.compile("\\{\\d+(?:,\\d*)?}");

    private GoRegex() {
    }

    /** @throws IllegalArgumentException for syntax this translation does not know (a negated POSIX class) */
    static String toJava(String go) {
        StringBuilder java = new StringBuilder(go.length() + 16);
        boolean inClass = false;
        int i = 0;
        while (i < go.length()) {
            char c = go.charAt(i);
            if (c == '\\') {
                if (go.startsWith("\\Q", i)) {
                    int end = go.indexOf("\\E", i + 2);
                    end = end < 0 ? go.length() : end + 2;
                    java.append(go, i, end);
                    i = end;
                    continue;
                }
                java.append(go, i, Math.min(i + 2, go.length()));
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == '[' && go.startsWith("[:", i)) {
                    int end = go.indexOf(":]", i + 2);
                    String name = end < 0 ? null : go.substring(i + 2, end);
                    if (name == null || name.startsWith("^") || !POSIX.containsKey(name)) {
                        throw new IllegalArgumentException("unsupported POSIX class at " + i + " in " + go);
                    }
                    java.append(POSIX.get(name));
                    i = end + 2;
                    continue;
                }
                if (c == ']') {
                    inClass = false;
                    java.append(c);
                } else if (c == '[' || c == '&') {
                    // literals in RE2; nesting and intersection in Java
                    java.append('\\').append(c);
                } else {
                    java.append(c);
                }
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                java.append(c);
                i++;
                if (i < go.length() && go.charAt(i) == '^') {
                    java.append('^');
                    i++;
                }
                if (i < go.length() && go.charAt(i) == ']') { // a leading ']' is a literal in RE2
                    java.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(' && go.startsWith("(?P<", i)) {
                java.append('(');
                i = go.indexOf('>', i) + 1;
                continue;
            }
            if (c == '{' && !REPETITION.matcher(go).region(i, go.length()).lookingAt()) {
                java.append("\\{");
                i++;
                continue;
            }
            java.append(c);
            i++;
        }
        return java.toString();
    }
}
