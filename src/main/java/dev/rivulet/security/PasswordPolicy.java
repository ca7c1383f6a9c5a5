package dev.rivulet.security;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.ArrayList;
import java.util.List;
import org.passay.LengthRule;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.RuleResult;
import org.passay.UsernameRule;

/**
 * The password rules, from kept libraries rather than hand-written checks: Passay for the length and
 * "no username inside", zxcvbn4j (with its frequency lists of common passwords, names and words) for
 * the strength. Every failing rule is named, with the library's own message or suggestion.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 200;
    /** zxcvbn's score 0–4; 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
    public static final int MIN_SCORE = 3;

    /** One failed rule: its name and what to do about it. */
    public record Violation(String rule, String message) {
        @Override
        public String toString() {
            return rule + ": " + message;
        }
    }

    private static final Zxcvbn ZXCVBN = new Zxcvbn();
    private static final PasswordValidator LENGTH = new PasswordValidator(new LengthRule(MIN_LENGTH, MAX_LENGTH));
    private static final PasswordValidator USERNAME = new PasswordValidator(new UsernameRule(true, true));

    private PasswordPolicy() {
    }

    /** Every rule the password breaks; empty when it is good. */
    public static List<Violation> violations(String username, String password) {
        List<Violation> violations = new ArrayList<>();
        String pw = password == null ? "" : password;
        PasswordData data = new PasswordData(username == null ? "" : username.strip(), pw);
        RuleResult length = LENGTH.validate(data);
        if (!length.isValid()) {
            violations.add(new Violation("length", String.join(" ", LENGTH.getMessages(length))));
        }
        if (username != null && !username.isBlank()) {
            RuleResult name = USERNAME.validate(data);
            if (!name.isValid()) {
                violations.add(new Violation("no-username", String.join(" ", USERNAME.getMessages(name))
                        + " Leave your username out of it."));
            }
        }
        if (!pw.isEmpty() && pw.length() <= MAX_LENGTH) {
            Strength strength = ZXCVBN.measure(pw, username == null ? List.of() : List.of(username.strip()));
            if (strength.getScore() < MIN_SCORE) {
                List<String> advice = new ArrayList<>();
                String warning = strength.getFeedback().getWarning();
                if (warning != null && !warning.isBlank()) {
                    advice.add(warning);
                }
                advice.addAll(strength.getFeedback().getSuggestions());
                if (advice.isEmpty()) {
                    advice.add("Add another word or two. Uncommon words are better.");
                }
                violations.add(new Violation("strength", "Too easy to guess (strength " + strength.getScore()
                        + " of 4, at least " + MIN_SCORE + " needed). " + String.join(" ", advice)));
            }
        }
        return violations;
    }

    /** @throws IllegalArgumentException naming every rule the password breaks, with what to do */
    public static void check(String username, String password) {
        List<Violation> violations = violations(username, password);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("The password does not meet "
                    + (violations.size() == 1 ? "a rule" : violations.size() + " rules") + ": "
                    + String.join(" · ", violations.stream().map(Violation::toString).toList()));
        }
    }
}
