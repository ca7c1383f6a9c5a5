package dev.rivulet.redaction;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector made of a precompiled pattern, the group that holds the sensitive part
 * (0 for the whole match), an optional validator that cuts false positives, and
 * lower-case keywords of which one must occur in the text before the regex runs.
 */
final class RegexDetector implements Detector {

    @FunctionalInterface
    interface Validator {
        boolean isSensitive(String value);
    }

    private final String kind;
    private final int priority;
    private final Pattern pattern;
    private final int group;
    private final Validator validator;
    private final String[] keywords;
    private final boolean standalone;

    RegexDetector(String kind, int priority, Pattern pattern, int group, Validator validator, String... keywords) {
        this(kind, priority, pattern, group, validator, false, keywords);
    }

    /**
     * @param standalone the match must not continue a longer word to its left ({@code MAKIA…}).
     *                   Checked here rather than with a regex lookbehind, because a pattern that
     *                   starts with a literal lets {@code java.util.regex} skip ahead (Boyer-Moore)
     *                   while a leading lookbehind is evaluated at every position of the text.
     */
    RegexDetector(String kind, int priority, Pattern pattern, int group, Validator validator, boolean standalone,
            String... keywords) {
        this.standalone = standalone;
        this.kind = kind;
        this.priority = priority;
        this.pattern = pattern;
        this.group = group;
        this.validator = validator;
        this.keywords = keywords.clone();
        for (String keyword : keywords) {
            if (!keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Keywords are matched against lower-cased text: " + keyword);
            }
        }
        if (group > pattern.matcher("").groupCount()) {
            throw new IllegalArgumentException("Pattern for " + kind + " has no group " + group);
        }
    }

    static RegexDetector of(String kind, int priority, String regex, String... keywords) {
        return new RegexDetector(kind, priority, Pattern.compile(regex), 0, value -> true, keywords);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public boolean mightOccurIn(String lowerCaseText) {
        if (keywords.length == 0) {
            return true;
        }
        for (String keyword : keywords) {
            if (lowerCaseText.contains(keyword)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void detect(String text, SpanSink sink) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            int start = matcher.start(group);
            int end = matcher.end(group);
            if (start >= 0 && end > start && (!standalone || !continuesWord(text, start))
                    && validator.isSensitive(text.substring(start, end))) {
                sink.accept(start, end);
            }
        }
    }

    /** Token characters: letters, digits, {@code _} and {@code -} (keys end in either, so {@code \b} won't do). */
    static boolean isTokenChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }

    private static boolean continuesWord(String text, int start) {
        return start > 0 && isTokenChar(text.charAt(start - 1));
    }

    @Override
    public String toString() {
        return kind + ":" + pattern.pattern().toLowerCase(Locale.ROOT);
    }
}
