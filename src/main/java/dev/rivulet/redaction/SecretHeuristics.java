package dev.rivulet.redaction;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a value next to a key such as {@code password=} or {@code api_key:}
 * looks like a real secret, in the spirit of gitleaks' generic-api-key rule (Shannon
 * entropy plus length). The aim is to leave prose and templates alone:
 * {@code password: <masked>}, {@code token = ${ENV}}, {@code password: required}.
 */
final class SecretHeuristics {

    /** Template references and already-masked values: nothing secret to hide. */
    private static final Pattern PLACEHOLDER = Pattern.compile("""
            (?ix)
              \\$\\{.*\\} | \\$\\(.*\\) | \\{\\{.*}} | \\#\\{.*} | %\\(.*\\)s? | <.*> | \\[.*] | \\(.*\\)
            | \\$[a-z_][a-z0-9_]*            # $DB_PASSWORD
            | %[a-z_][a-z0-9_]*%             # %DB_PASSWORD% (Windows)
            | %[sd]
            | .*\\*{3}.*                     # ab***yz, ********
            | .*(?:your|my)[_-]?(?:api[_-]?)?(?:key|token|secret|password|pass).*
            | (?:env|vault|secret|ssm|arn):.*
            """);

    /** Words people put after {@code password:} in prose, docs and config that are not secrets. */
    private static final Set<String> NON_SECRET_WORDS = Set.of("null", "nil", "none", "true", "false", "undefined",
            "empty", "blank", "redacted", "masked", "hidden", "secret", "password", "passwd", "token", "changeme",
            "change_me", "placeholder", "example", "dummy", "required", "optional", "string", "str", "bytes",
            "not_set", "notset", "unset", "default", "xxx", "todo", "tbd", "n/a");

    private SecretHeuristics() {
    }

    static boolean isPlaceholder(String value) {
        return NON_SECRET_WORDS.contains(value.toLowerCase(Locale.ROOT))
                || distinctChars(value) <= 2
                || PLACEHOLDER.matcher(value).matches();
    }

    /**
     * Passwords are chosen by people, so entropy alone would miss {@code hunter2}: accept
     * a mix of character classes at length 6+, or a long high-entropy passphrase.
     * Single-class words ({@code required}, {@code incorrect}) and short values are prose.
     */
    static boolean looksLikePassword(String value) {
        if (value.length() < 6 || isPlaceholder(value)) {
            return false;
        }
        return characterClasses(value) >= 2 || (value.length() >= 12 && shannonEntropy(value) >= 3.5);
    }

    /** Machine-generated tokens and keys: gitleaks' generic rule (entropy 3.5) with a 16-character floor. */
    static boolean looksLikeToken(String value) {
        return value.length() >= 16 && !isPlaceholder(value) && shannonEntropy(value) >= 3.5
                && characterClasses(value) >= 2;
    }

    /** Shannon entropy in bits per character. */
    static double shannonEntropy(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        int[] counts = new int[128];
        Map<Character, Integer> others = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (others == null) {
                    others = new HashMap<>();
                }
                others.merge(c, 1, Integer::sum);
            }
        }
        double entropy = 0;
        double length = value.length();
        for (int count : counts) {
            entropy -= term(count, length);
        }
        if (others != null) {
            for (int count : others.values()) {
                entropy -= term(count, length);
            }
        }
        return entropy;
    }

    private static double term(int count, double length) {
        if (count == 0) {
            return 0;
        }
        double p = count / length;
        return p * (Math.log(p) / Math.log(2));
    }

    /** How many of lower-case letters, upper-case letters and digits occur (symbols are left out: prose has hyphens). */
    static int characterClasses(String value) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            lower |= Character.isLowerCase(c);
            upper |= Character.isUpperCase(c);
            digit |= Character.isDigit(c);
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
    }

    static boolean hasLetterAndDigit(String value) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }

    private static long distinctChars(String value) {
        return value.chars().distinct().limit(3).count();
    }
}
