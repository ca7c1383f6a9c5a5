package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An LLM streams its answer in small tokens, and a secret usually spans several of
 * them. Redaction therefore runs on the assembled text; redacting token by token
 * would let every secret through.
 */
class TokenStreamRedactionTest {

    private static final Redactor REDACTOR = Redactor.withDefaults();

    private static final List<String> TOKENS = List.of(
            "Sure", "!", " Use", " the", " key", " AK", "IA", "IOSF", "OD", "NN7", "EX", "AMPLE",
            " and", " write", " to", " alice", ".sm", "ith", "@", "exam", "ple", ".com", ".",
            " Card", ":", " 4111", " 1111", " 1111", " 1111", ". Token", ": ey", "JhbGciOiJIUzI1NiJ9", ".",
            "eyJzdWIiOiJhbGljZSJ9", ".dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk0");

    @Test
    void secretsSplitAcrossTokensAreCaughtOnceAssembled() {
        String assembled = String.join("", TOKENS);

        String redacted = REDACTOR.redact(assembled);

        assertThat(redacted).isEqualTo("Sure! Use the key [REDACTED:aws-access-key] and write to [REDACTED:email]."
                + " Card: [REDACTED:credit-card]. Token: [REDACTED:jwt]");
        assertThat(REDACTOR.scan(assembled)).extracting(Finding::kind)
                .containsExactly("aws-access-key", "email", "credit-card", "jwt");
    }

    @Test
    void redactingEachTokenAloneWouldLeakThem() {
        List<String> redactedTokenByToken = TOKENS.stream().map(REDACTOR::redact).toList();

        assertThat(redactedTokenByToken).isEqualTo(TOKENS);
        assertThat(String.join("", redactedTokenByToken))
                .contains("AKIAIOSFODNN7EXAMPLE", "alice.smith@example.com", "4111 1111 1111 1111");
    }

    @Test
    void aPrefixOfTheStreamIsRedactedConsistentlyWithTheWhole() {
        // the answer log may store partial answers (a cancelled stream): every prefix must be safe to redact
        StringBuilder prefix = new StringBuilder();
        for (String token : TOKENS) {
            prefix.append(token);
            String redacted = REDACTOR.redact(prefix.toString());
            assertThat(REDACTOR.redact(redacted)).isEqualTo(redacted);
        }
        assertThat(REDACTOR.redact(prefix.toString())).isEqualTo(REDACTOR.redact(String.join("", TOKENS)));
    }
}
