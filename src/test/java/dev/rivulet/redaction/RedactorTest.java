package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final Redactor REDACTOR = Redactor.withDefaults();
    private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";

    @Test
    void nullAndEmptyPassThrough() {
        assertThat(REDACTOR.redact(null)).isNull();
        assertThat(REDACTOR.redact("")).isEmpty();
        assertThat(REDACTOR.scan(null)).isEmpty();
        String clean = "Nothing to hide here, version 1.2.3 released on 2024-01-15.";
        assertThat(REDACTOR.redact(clean)).isSameAs(clean);
    }

    @Test
    void aPrivateKeyBlockWinsOverEverythingInsideIt() {
        String text = "-----BEGIN PRIVATE KEY-----\nowner alice@example.com " + AWS_KEY
                + "\n4111111111111111\n-----END PRIVATE KEY-----";

        assertThat(REDACTOR.scan(text)).containsExactly(new Finding("private-key", 0, text.length()));
        assertThat(REDACTOR.redact(text)).isEqualTo("[REDACTED:private-key]");
    }

    @Test
    void specificRulesBeatGenericOnesOnTheSameSpan() {
        assertThat(REDACTOR.redact("api_key=" + AWS_KEY)).isEqualTo("api_key=[REDACTED:aws-access-key]");
        // the password looks like an e-mail local part; the connection string rule is more specific
        assertThat(REDACTOR.redact("postgres://app:Pa55word@db.example.com/app"))
                .isEqualTo("postgres://app:[REDACTED:connection-string]@db.example.com/app");
        assertThat(REDACTOR.redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"))
                .isEqualTo("Authorization: Bearer [REDACTED:jwt]");
    }

    @Test
    void anUnencodedAtSignInAConnectionPasswordDoesNotLeakItsTail() {
        assertThat(REDACTOR.redact("mysql://root:p@ss@db.example.com:3306/app"))
                .isEqualTo("mysql://root:[REDACTED:connection-string]@db.example.com:3306/app");
    }

    @Test
    void findingsAreOrderedAndDisjoint() {
        String text = "mail bob@example.com, card 5555555555554444, key " + AWS_KEY + ", iban DE89370400440532013000";
        List<Finding> findings = REDACTOR.scan(text);

        assertThat(findings).extracting(Finding::kind)
                .containsExactly("email", "credit-card", "aws-access-key", "iban");
        for (int i = 1; i < findings.size(); i++) {
            assertThat(findings.get(i).start()).isGreaterThanOrEqualTo(findings.get(i - 1).end());
        }
        assertThat(REDACTOR.scan(text)).isEqualTo(findings);
    }

    @Test
    void existingMarkersAreNeitherReMatchedNorMangled() {
        String alreadyRedacted = "password=[REDACTED:secret-assignment] mail [REDACTED:email] "
                + "postgres://app:[REDACTED:connection-string]@db/app [REDACTED:employee-id]";

        assertThat(REDACTOR.scan(alreadyRedacted)).isEmpty();
        assertThat(REDACTOR.redact(alreadyRedacted)).isSameAs(alreadyRedacted);
    }

    @Test
    void redactionIsIdempotentOnMixedText() {
        String text = """
                Here is the config you asked for:
                  spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&password=Pg-Secret-42
                  spring.datasource.password: Pg-Pr0d-2024
                  openai.api-key: sk-UYuBMGhy5KmqcTBaH7ZIRU8VVQmxBe8Q6vNuQ2hU5tGtQAuz
                Reach me at +44 20 7946 0958 or jane.doe@example.org; pay to GB82 WEST 1234 5698 7654 32.
                """;
        String once = REDACTOR.redact(text);

        assertThat(REDACTOR.redact(once)).isEqualTo(once);
        assertThat(once).contains("[REDACTED:connection-string]", "[REDACTED:secret-assignment]",
                "[REDACTED:openai-key]", "[REDACTED:phone]", "[REDACTED:email]", "[REDACTED:iban]");
    }

    @Test
    void disabledKindsAreLeftAlone() {
        Redactor redactor = new Redactor(properties(Set.of("email", "PHONE"), List.of(), "US"));

        assertThat(redactor.redact("alice@example.com +44 20 7946 0958 " + AWS_KEY))
                .isEqualTo("alice@example.com +44 20 7946 0958 [REDACTED:aws-access-key]");
    }

    @Test
    void anUnknownDisabledKindFailsFast() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Redactor(properties(Set.of("e-mail"), List.of(), "US")))
                .withMessageContaining("e-mail");
    }

    @Test
    void customRulesRedactTheWholeMatchOrTheirSecretGroup() {
        Redactor redactor = new Redactor(properties(Set.of(), List.of(
                new RedactionProperties.CustomRule("employee-id", "\\bEMP-\\d{6}\\b"),
                new RedactionProperties.CustomRule("ticket-pin", "pin=(?<secret>\\d{4})")), "US"));

        assertThat(redactor.redact("EMP-123456 reset pin=1234 for EMP-12345"))
                .isEqualTo("[REDACTED:employee-id] reset pin=[REDACTED:ticket-pin] for EMP-12345");
    }

    @Test
    void aCustomRuleCanBeDisabledLikeABuiltInOne() {
        Redactor redactor = new Redactor(properties(Set.of("employee-id"),
                List.of(new RedactionProperties.CustomRule("employee-id", "EMP-\\d{6}")), "US"));

        assertThat(redactor.redact("EMP-123456")).isEqualTo("EMP-123456");
    }

    @Test
    void invalidCustomRulesFailFast() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Redactor(properties(Set.of(),
                List.of(new RedactionProperties.CustomRule("bad", "(unclosed")), "US")));
        assertThatIllegalArgumentException().isThrownBy(() -> new Redactor(properties(Set.of(),
                List.of(new RedactionProperties.CustomRule("matches-nothing", "x*")), "US")));
        assertThatIllegalArgumentException().isThrownBy(() -> new Redactor(properties(Set.of(),
                List.of(new RedactionProperties.CustomRule("has space", "x")), "US")));
    }

    @Test
    void thePhoneRegionDecidesHowNationalNumbersAreRead() {
        String berlin = "Ruf an: 030 901820";
        assertThat(REDACTOR.redact(berlin)).isEqualTo(berlin);
        assertThat(new Redactor(properties(Set.of(), List.of(), "de")).redact(berlin))
                .isEqualTo("Ruf an: [REDACTED:phone]");
        // numbers with a country code are found whatever the region
        assertThat(REDACTOR.redact("+49 30 901820")).isEqualTo("[REDACTED:phone]");
        assertThatIllegalArgumentException().isThrownBy(() -> new Redactor(properties(Set.of(), List.of(), "XX")));
    }

    @Test
    void disabledRedactorIsTheIdentity() {
        Redactor off = new Redactor(new RedactionProperties(false, Set.of(), List.of(), "US"));

        assertThat(off.isEnabled()).isFalse();
        assertThat(off.redact(AWS_KEY)).isEqualTo(AWS_KEY);
    }

    @Test
    void isSafeToShareBetweenThreads() {
        List<String> texts = GoldenCorpus.load().stream().map(GoldenCorpus.Example::text).toList();
        List<String> sequential = texts.stream().map(REDACTOR::redact).toList();

        List<List<String>> parallel = IntStream.range(0, 8).parallel()
                .mapToObj(round -> texts.parallelStream().map(REDACTOR::redact).toList()).toList();

        assertThat(parallel).allSatisfy(result -> assertThat(result).isEqualTo(sequential));
    }

    private static RedactionProperties properties(Set<String> disabled, List<RedactionProperties.CustomRule> rules,
            String region) {
        return new RedactionProperties(true, disabled, rules, region);
    }
}
