package dev.rivulet.redaction;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses, found from their {@code @} outwards: the local part is walked
 * backwards by hand, the domain matched forwards. A regex that starts at the local part
 * would try, and backtrack over, every word of the text.
 */
final class EmailDetector implements Detector {

    private static final int MAX_LOCAL_PART = 64;
    private static final String LOCAL_PART_CHARS = "._%+-'";

    /** Dotted domain ending in an alphabetic TLD; not followed by {@code :path} (scp-style {@code git@host:repo}). */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])(?!:[^\\s])");

    /** File names such as {@code icon@2x.png} or {@code bundle@1.2.js} look like addresses but are not. */
    private static final Set<String> FILE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "ico",
            "bmp", "js", "mjs", "ts", "css", "scss", "java", "kt", "class", "jar", "json", "yml", "yaml", "xml",
            "html", "htm", "txt", "log", "lock", "map", "woff", "woff2");

    @Override
    public String kind() {
        return BuiltInKinds.EMAIL;
    }

    @Override
    public int priority() {
        return Priorities.EMAIL;
    }

    @Override
    public boolean mightOccurIn(String lowerCaseText) {
        return lowerCaseText.indexOf('@') >= 0;
    }

    @Override
    public void detect(String text, SpanSink sink) {
        Matcher domain = DOMAIN.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = localPartStart(text, at);
            if (start < 0) {
                continue;
            }
            domain.region(at + 1, text.length());
            if (domain.lookingAt() && !isFileName(domain.group())) {
                sink.accept(start, domain.end());
            }
        }
    }

    /** Start of the local part ending right before {@code at}, or -1 if there is none. */
    private static int localPartStart(String text, int at) {
        int start = at;
        while (start > 0 && at - start < MAX_LOCAL_PART + 1 && isLocalPartChar(text.charAt(start - 1))) {
            start--;
        }
        if (start > 0 && isLocalPartChar(text.charAt(start - 1))) {
            return -1; // longer than any real local part
        }
        // it must start with a letter or digit (not '.' or a quote) and not end with '.' or a quote
        while (start < at && !isAsciiLetterOrDigit(text.charAt(start))) {
            start++;
        }
        char last = text.charAt(at - 1 < 0 ? 0 : at - 1);
        return start < at && last != '.' && last != '\'' ? start : -1;
    }

    private static boolean isLocalPartChar(char c) {
        return isAsciiLetterOrDigit(c) || LOCAL_PART_CHARS.indexOf(c) >= 0;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isFileName(String domain) {
        String tld = domain.substring(domain.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return FILE_EXTENSIONS.contains(tld);
    }
}
