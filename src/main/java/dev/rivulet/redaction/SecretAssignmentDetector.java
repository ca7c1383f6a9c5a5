package dev.rivulet.redaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values assigned to secret-sounding keys ({@code password=}, {@code "api_key": "…"},
 * {@code DB_PASSWORD: …}, {@code client_secret=}) and credentials in HTTP
 * {@code Authorization} headers. Only the value is redacted, the key stays readable.
 * <p>
 * The key must <em>end</em> with the secret word, so {@code password_min_length=12}
 * and {@code max_tokens=4096} are not candidates. A value is redacted only if it looks
 * like a secret (see {@link SecretHeuristics}): password-like keys accept human-made
 * passwords ({@code hunter2}), token-like keys need gitleaks-style entropy.
 */
final class SecretAssignmentDetector implements Detector {

    /**
     * Starts at the secret word itself (no key prefix to backtrack over, which is what
     * makes this fast): whatever comes before it ({@code db_}, {@code spring.datasource.})
     * is still part of the key, but need not be matched.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile("""
            (?ix)
            (?<key>passw(?:or)?d|passphrase|pwd|secret|credentials?
                  |api[_.-]?key|apikey|access[_.-]?key|secret[_.-]?key|private[_.-]?key|auth[_.-]?key
                  |token)
            \\\\{0,2}["']?               # closing quote of "key" or \\"key\\" (escaped JSON)
            [\\ \\t]{0,5} (?::=|=>|\\+=|=|:) [\\ \\t]{0,5}
            (?:
                "(?<dq>[^"\\r\\n]{1,200})"
              | \\\\"(?<edq>[^"\\\\\\r\\n]{1,200})\\\\"
              | '(?<sq>[^'\\r\\n]{1,200})'
              | (?<bare>[^\\s"',;&<>(){}\\[\\]]{1,200})
            )
            """);

    /** {@code Authorization: Bearer …} / {@code Authorization: token …} (GitHub) / {@code Basic …}. */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(?<![a-z0-9])(?<scheme>bearer|token|basic)[ \\t]+(?<credentials>[A-Za-z0-9._~+/-]{8,}=*)");

    private static final String[] KEYWORDS = {"pass", "pwd", "secret", "credential", "key", "token", "bearer",
            "basic"};

    /** Longest key text before a keyword ({@code private_} of {@code private_key}) and room for operator and value. */
    private static final int WINDOW_BEFORE = 12;
    private static final int WINDOW_AFTER = 260;

    @Override
    public String kind() {
        return BuiltInKinds.SECRET_ASSIGNMENT;
    }

    @Override
    public int priority() {
        return Priorities.SECRET_ASSIGNMENT;
    }

    @Override
    public boolean mightOccurIn(String lowerCaseText) {
        for (String keyword : KEYWORDS) {
            if (lowerCaseText.contains(keyword)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the patterns only in windows around keyword occurrences: found with
     * {@code indexOf} on the lower-cased text, they are cheap, while the patterns'
     * case-insensitive alternations are costly when tried at every position.
     */
    @Override
    public void detect(String text, SpanSink sink) {
        Matcher assignment = ASSIGNMENT.matcher(text).useTransparentBounds(true);
        Matcher authorization = AUTHORIZATION.matcher(text).useTransparentBounds(true);
        for (int[] window : keywordWindows(text)) {
            assignment.region(window[0], window[1]);
            while (assignment.find()) {
                reportAssignment(text, assignment, sink);
            }
            authorization.region(window[0], window[1]);
            while (authorization.find()) {
                reportAuthorization(authorization, sink);
            }
        }
    }

    private static void reportAssignment(String text, Matcher assignment, SpanSink sink) {
        String group = valueGroup(assignment);
        int start = assignment.start(group);
        int end = group.equals("bare") ? withoutSentencePunctuation(text, start, assignment.end(group))
                : assignment.end(group);
        String value = text.substring(start, end);
        if (isPasswordKey(assignment.group("key")) ? SecretHeuristics.looksLikePassword(value)
                : SecretHeuristics.looksLikeToken(value)) {
            sink.accept(start, end);
        }
    }

    private static void reportAuthorization(Matcher authorization, SpanSink sink) {
        String credentials = authorization.group("credentials");
        if (SecretHeuristics.looksLikeToken(credentials)
                || authorization.group("scheme").equalsIgnoreCase("basic") && isBasicCredentials(credentials)) {
            sink.accept(authorization.start("credentials"), authorization.end("credentials"));
        }
    }

    /**
     * Merged [start, end) ranges around every keyword: from the longest key that can end
     * in it ({@code private_key}) to the longest value after it.
     */
    private static List<int[]> keywordWindows(String text) {
        String lowerCase = text.toLowerCase(Locale.ROOT);
        if (lowerCase.length() != text.length()) {
            // a few non-ASCII characters change length when lower-cased; positions would not line up
            return List.of(new int[] {0, text.length()});
        }
        List<int[]> occurrences = new ArrayList<>();
        for (String keyword : KEYWORDS) {
            for (int at = lowerCase.indexOf(keyword); at >= 0; at = lowerCase.indexOf(keyword, at + 1)) {
                occurrences.add(new int[] {Math.max(0, at - WINDOW_BEFORE),
                        Math.min(text.length(), at + keyword.length() + WINDOW_AFTER)});
            }
        }
        occurrences.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] window : occurrences) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && window[0] <= last[1]) {
                last[1] = Math.max(last[1], window[1]);
            } else {
                merged.add(window);
            }
        }
        return merged;
    }

    private static String valueGroup(Matcher assignment) {
        for (String group : new String[] {"dq", "edq", "sq"}) {
            if (assignment.group(group) != null) {
                return group;
            }
        }
        return "bare";
    }

    private static boolean isPasswordKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("pass") || lower.contains("pwd") || lower.endsWith("secret")
                || lower.startsWith("credential");
    }

    /** {@code password: hunter2.} ends a sentence; the full stop is not part of the password. */
    private static int withoutSentencePunctuation(String text, int start, int end) {
        while (end - 1 > start && ".!?:".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }

    private static boolean isBasicCredentials(String credentials) {
        try {
            String decoded = new String(Base64.getDecoder().decode(credentials),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 && colon < decoded.length() - 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
