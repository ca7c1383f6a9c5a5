package dev.rivulet.redaction;

import static dev.rivulet.redaction.BuiltInKinds.*;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The hand-written rules, beside gitleaks' rule set when the operator supplies it
 * ({@link GitleaksRules}, some 200 vendor formats). PII formats follow Microsoft Presidio's
 * recognizers. The eight token rules overlap gitleaks' and report the same kinds; they stay
 * because gitleaks' rules are tuned for source files (a key must end at a quote, a space or {@code ;}, and AWS's
 * documented example key is allowlisted), while answers and logs are prose: {@code key
 * AIza….} ends with a full stop, a Slack token may be longer than gitleaks' shape.
 * The longer of two same-kind findings wins. Each regex is paired with a validator where one exists
 * (Luhn, mod-97, JWT header, entropy) because the validator, not the regex, is what
 * keeps order numbers, version strings and prose out of the redacted output.
 * <p>
 * Tokens must stand alone: not preceded (checked in {@link RegexDetector}) nor followed
 * ({@code (?![A-Za-z0-9_-])}) by a token character. {@code \b} would not do, since keys
 * may end in {@code -} or {@code _}.
 */
final class BuiltInDetectors {

    private static final String AFTER = "(?![A-Za-z0-9_-])";
    private static final RegexDetector.Validator ANY = value -> true;

    /** gitleaks' entropy floor for the same rule: keeps placeholders such as {@code ghp_xxxx…} and {@code AKIAXXXX…}. */
    private static RegexDetector.Validator entropyAbove(double bits) {
        return value -> SecretHeuristics.shannonEntropy(value) > bits;
    }

    private BuiltInDetectors() {
    }

    static List<Detector> create(String phoneRegion) {
        return List.of(
                privateKey(),
                token(AWS_ACCESS_KEY, "A(?:3T[A-Z0-9]|KIA|SIA|BIA|CCA)[A-Z2-7]{16}", entropyAbove(3), "akia", "asia", "abia",
                        "acca", "a3t"),
                token(GITHUB_TOKEN, "g(?:h[pousr]_[A-Za-z0-9]{36,251}|ithub_pat_[A-Za-z0-9_]{50,250})", entropyAbove(3), "ghp_",
                        "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
                token(SLACK_TOKEN, "x(?:ox[abeprs]|app)-[0-9]{1,15}-[A-Za-z0-9-]{10,250}", ANY, "xox", "xapp-"),
                token(ANTHROPIC_KEY, Priorities.VENDOR_TOKEN + 1, "sk-ant-[A-Za-z0-9_-]{20,250}",
                        BuiltInDetectors::isRandomKey, "sk-ant-"),
                token(OPENAI_KEY, "sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,250}",
                        BuiltInDetectors::isRandomKey, "sk-"),
                token(GOOGLE_API_KEY, "AIza[0-9A-Za-z_-]{35}", entropyAbove(4), "aiza"),
                // header and payload are base64url JSON objects: '{"' encodes as eyJ, '{ "' as eyA, '{\n' as ewo
                token(JWT, "e[yw][A-Za-z0-9_-]{8,}\\.e[yw][A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*",
                        JsonWebTokens::isJwt, "eyj", "eya", "ewo", "ew0"),
                new RegexDetector(CONNECTION_STRING, Priorities.CONNECTION_STRING, Pattern.compile(
                        // scheme://user:password@host - only the password is redacted; it runs to the
                        // last '@' of the authority, so an unencoded '@' in it does not leak the rest
                        "(?i)(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{1,30}://[^\\s:/?#@\"'<>]*:([^\\s/?#\"'<>]+)@(?=[a-z0-9\\[])"),
                        1, value -> !SecretHeuristics.isPlaceholder(value), "://"),
                new RegexDetector(CONNECTION_STRING, Priorities.CONNECTION_STRING, Pattern.compile(
                        // jdbc:…;password=… / …?password=… / ADO.NET "Server=…;Password=…"
                        "(?i)(?:jdbc:[a-z0-9]+:|[a-z][a-z0-9+.-]{1,30}://|(?:server|data source|host)=)"
                                + "[^\\r\\n\"'<>]{0,500}?[?&;](?:password|pwd)=([^&;\\s\"'<>]+)"),
                        1, value -> !SecretHeuristics.isPlaceholder(value), "password=", "pwd="),
                new CreditCardDetector(),
                new IbanDetector(),
                new SecretAssignmentDetector(),
                new EmailDetector(),
                new PhoneDetector(phoneRegion));
    }

    private static Detector privateKey() {
        // A whole PEM block, or everything after a BEGIN line whose END never came
        // (a truncated stream): the body of a half-written key is still the key.
        return RegexDetector.of(PRIVATE_KEY, Priorities.PRIVATE_KEY,
                "(?s)-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----"
                        + ".*?(?:-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----|\\z)",
                "private key");
    }

    private static Detector token(String kind, String regex, RegexDetector.Validator validator, String... keywords) {
        return token(kind, Priorities.VENDOR_TOKEN, regex, validator, keywords);
    }

    private static Detector token(String kind, int priority, String regex, RegexDetector.Validator validator,
            String... keywords) {
        return new RegexDetector(kind, priority, Pattern.compile(regex + AFTER), 0, validator, true, keywords);
    }

    /**
     * {@code sk-…} also starts prose and package names ({@code sk-learn},
     * {@code sk-this-is-not-a-key}); real keys are random, so they mix letters and
     * digits, have high entropy and contain a long unbroken alphanumeric run.
     */
    private static boolean isRandomKey(String key) {
        String body = key.substring(3);
        return SecretHeuristics.hasLetterAndDigit(body) && SecretHeuristics.shannonEntropy(body) >= 3.5
                && longestAlphanumericRun(body) >= 16;
    }

    private static int longestAlphanumericRun(String value) {
        int longest = 0;
        int current = 0;
        for (int i = 0; i < value.length(); i++) {
            current = Character.isLetterOrDigit(value.charAt(i)) ? current + 1 : 0;
            longest = Math.max(longest, current);
        }
        return longest;
    }
}
