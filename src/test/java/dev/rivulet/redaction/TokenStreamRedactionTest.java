package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * A cancelled run stores what had been streamed until the cancel, redacted on the assembled text:
     * in the stored log a node's token pieces concatenate to {@code redact(its text so far)}, and the
     * final content is {@code redact(partial text)} (StreamLogRedaction; the piece cutting is pinned by
     * admin.StreamLogRedactionTest). Wherever the cancel cuts, no secret that had been streamed in
     * full may be stored, and the stored text is safe to redact again.
     */
    @Test
    void aStreamCancelledAfterAnyTokenStoresNoSecretItHadStreamed() {
        Map<String, String> markers = new LinkedHashMap<>(); // each secret in TOKENS, and what replaces it
        markers.put("AKIAIOSFODNN7EXAMPLE", "[REDACTED:aws-access-key]");
        markers.put("alice.smith@example.com", "[REDACTED:email]");
        markers.put("4111 1111 1111 1111", "[REDACTED:credit-card]");
        List<String> jwtSegments = List.of("eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiJhbGljZSJ9",
                "dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk0");
        int checked = 0;
        StringBuilder streamed = new StringBuilder();
        for (int cut = 0; cut < TOKENS.size(); cut++) {
            streamed.append(TOKENS.get(cut));
            String stored = REDACTOR.redact(streamed.toString());
            for (Map.Entry<String, String> secret : markers.entrySet()) {
                if (streamed.indexOf(secret.getKey()) >= 0) {
                    assertThat(stored).as("cancelled after token %d", cut)
                            .doesNotContain(secret.getKey()).contains(secret.getValue());
                    checked++;
                }
            }
            for (String segment : jwtSegments) {
                if (streamed.indexOf(segment) >= 0) {
                    assertThat(stored).as("cancelled after token %d", cut).doesNotContain(segment);
                    checked++;
                }
            }
            assertThat(REDACTOR.redact(stored)).as("cancelled after token %d", cut).isEqualTo(stored);
        }
        // not vacuous: 24 cuts after the key, 14 after the address, 7 after the card, 4 + 2 + 1 after the JWT's parts
        assertThat(checked).as("secret checks made across all cuts").isEqualTo(52);
    }

    @Test
    void aTokenCutOffByTheCancelBeforeItsSignatureIsRedactedInTheStoredText() {
        // the cancel lands after the JWT's header and payload ({"sub":"alice"}), before its signature
        String streamed = String.join("", TOKENS.subList(0, TOKENS.indexOf("eyJzdWIiOiJhbGljZSJ9") + 1));
        assertThat(streamed).endsWith(". Token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9");

        String stored = REDACTOR.redact(streamed);

        // up to the cut-off token the stored text is what the whole answer's redaction says
        String whole = REDACTOR.redact(String.join("", TOKENS));
        String beforeToken = whole.substring(0, whole.indexOf(". Token: ") + ". Token: ".length());
        assertThat(stored).startsWith(beforeToken).doesNotContain("eyJ");
        assertThat(stored.substring(beforeToken.length())).isEqualTo("[REDACTED:secret-assignment]");
    }
}
