package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The gitleaks rule reader on Rivulet's own rule file in gitleaks' format
 * ({@code redaction/gitleaks-format-rules.toml}, rules and values made up for this test).
 * gitleaks' own rule set is not shipped; how the port does on it is measured on request by
 * {@link GitleaksSamplesTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
class GitleaksRulesTest {

    static final String FIXTURE = "/redaction/gitleaks-format-rules.toml";
    private static final String FIXTURE_PATH = fixturePath();
    private static final GitleaksRules RULES = GitleaksRules.load(FIXTURE_PATH);

    private static final String ACME_KEY = "acme_Q7f2Lm9XkP4wR1tZ8vB3nC6d";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(RedactionConfiguration.class, Redactor.class);

    @Test
    void everyRuleOfTheFileIsLoadedOrListedAsSkippedWithItsReason() {
        assertThat(RULES.isConfigured()).isTrue();
        assertThat(RULES.rules()).extracting(GitleaksRules.Rule::id)
                .containsExactly("acme-api-key", "widget-secret", "zeta-token");
        assertThat(RULES.skipped()).containsExactly(
                new GitleaksRules.Skipped("dotenv-password", "scoped to files named \\.env$"),
                new GitleaksRules.Skipped("keystore-file", "path-only rule (matches file names)"),
                new GitleaksRules.Skipped("raw-bytes",
                        "does not compile in Java: Illegal/unsupported escape sequence near index 4"),
                new GitleaksRules.Skipped("not-letters",
                        "rejected: unsupported POSIX class at 1 in [[:^alpha:]]{12}"));
        assertThat(RULES.uncompilable()).isEqualTo(1);
        assertThat(RULES.summary())
                .startsWith("3 gitleaks rules active from " + FIXTURE_PATH
                        + ", 4 left out (1 do not compile in Java); ")
                .contains("keystore-file: path-only rule", "raw-bytes: does not compile in Java");
    }

    @Test
    void goSyntaxThatJavaReadsDifferentlyIsRewritten() {
        // in the file: a named group with '_' (illegal in Java) and POSIX classes, also inside [^…]
        assertThat(rule("acme-api-key").pattern().pattern())
                .isEqualTo("(?i)\\b(acme_[\\p{Alnum}]{24})(?:[^\\p{Alnum}]|$)");
        assertThat(rule("acme-api-key").secretGroup()).isEqualTo(1);
        // the lazy [\w.-]{0,50}? prefix is dropped, and remembered for match allowlists
        assertThat(rule("widget-secret").pattern().pattern()).startsWith("(?i:widget)");
        assertThat(rule("widget-secret").leftContext()).isEqualTo(50);

        // [[:alnum:]] would be the characters ':', 'a', 'l', 'n', 'u', 'm' in Java
        assertThat(GoRegex.toJava("\\b(pat[[:alnum:]]{14})\\b")).isEqualTo("\\b(pat[\\p{Alnum}]{14})\\b");
        // Java forbids '_' in group names; plain groups keep the numbering
        assertThat(GoRegex.toJava("(?P<key_ops>ab)|(?P<x>c)")).isEqualTo("(ab)|(c)");
        // a '{' that starts no repetition is a literal in RE2 and an error in Java
        assertThat(GoRegex.toJava("^\\${(?:[A-Z_]+)}$")).isEqualTo("^\\$\\{(?:[A-Z_]+)}$");
        assertThat(GoRegex.toJava("a{2,}b{3}")).isEqualTo("a{2,}b{3}");
        // '[' and '&&' inside a class are literals in RE2, union and intersection in Java
        assertThat(Pattern.compile(GoRegex.toJava("[a[&&]+")).matcher("a[&").matches()).isTrue();
        assertThat(Pattern.compile(GoRegex.toJava("[]a]")).matcher("]").matches()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> GoRegex.toJava("[[:^alpha:]]"));
    }

    @Test
    void theSecretGroupIsWhatIsReportedAndAWholeMatchWithoutGroups() {
        assertThat(secrets("WIDGET_SECRET = 's3cr3tW1dg3tV4lu3X'")).containsExactly("s3cr3tW1dg3tV4lu3X");
        assertThat(secrets("deploy with " + ACME_KEY + ".")).containsExactly(ACME_KEY);
        assertThat(secrets("zeta: zt-0123456789abcdef")).containsExactly("zt-0123456789abcdef");
    }

    @Test
    void keywordsAreLookedForInTheLowerCasedTextAndGateTheirRule() {
        assertThat(rule("acme-api-key").keywords()).containsExactly("acme_");
        assertThat(kinds("ACME_Q7F2LM9XKP4WR1TZ8VB3NC6D in capitals")).containsExactly("acme-api-key");
        assertThat(kinds("Zeta token ZT-0123456789abcdef")).isEmpty(); // the regex itself is case-sensitive
        // the regex would match, but without the keyword "zeta" in the text the rule does not run
        assertThat(kinds("token zt-0123456789abcdef")).isEmpty();
        assertThat(kinds("ZETA token zt-0123456789abcdef")).containsExactly("zeta-token");
    }

    @Test
    void theEntropyFloorOfARuleDropsRepetitiveValues() {
        assertThat(SecretHeuristics.shannonEntropy(ACME_KEY)).isGreaterThan(3.5);
        assertThat(kinds("key " + ACME_KEY)).containsExactly("acme-api-key");
        assertThat(SecretHeuristics.shannonEntropy("acme_aaaaaaaaaaaaaaaaaaaaaaaa")).isLessThanOrEqualTo(3.5);
        assertThat(kinds("key acme_aaaaaaaaaaaaaaaaaaaaaaaa")).isEmpty();
        assertThat(kinds("key acme_abababababababababababab")).isEmpty();
    }

    @Test
    void allowlistsApplyToTheSecretTheWholeMatchTheLineAndStopWords() {
        assertThat(kinds("private_widget = s3cr3tW1dg3tV4lu3X")).containsExactly("widget-secret");
        // rule allowlist on the secret
        assertThat(kinds("key acme_testQ7f2Lm9XkP4wR1tZ8vB3")).isEmpty();
        // match target: the dropped [\w.-]{0,50}? prefix is put back, so "public_" is seen
        assertThat(kinds("public_widget = s3cr3tW1dg3tV4lu3X")).isEmpty();
        // line target
        assertThat(kinds("widget = s3cr3tW1dg3tV4lu3X # not-a-secret")).isEmpty();
        assertThat(kinds("widget = s3cr3tW1dg3tV4lu3X\n# not-a-secret")).containsExactly("widget-secret");
        // AND: both the regex and the stop word, not one alone
        assertThat(kinds("widget = 0000cafe1d2e3f4a5b6c")).isEmpty();
        assertThat(kinds("widget = 0000beef1d2e3f4a5b6c")).containsExactly("widget-secret");
        assertThat(kinds("widget = 9999cafe1d2e3f4a5b6c")).containsExactly("widget-secret");
        // an AND list that needs a path never allows on a stream (its regex '.' matches anything)
        assertThat(rule("widget-secret").allowlists()).anyMatch(GitleaksRules.Allowlist::hasPathOrCommitChecks);
        // the global allowlist: its regex and its stop word, for every rule
        assertThat(kinds("key acme_EXAMPLEQ7f2Lm9XkP4wR1tZ8")).isEmpty();
        assertThat(kinds("widget = myPlaceholderValue123")).isEmpty();
    }

    @Test
    void findingsAreNamedByRuleIdWhichDisabledKindsAccepts() {
        String line = "deploying with " + ACME_KEY + " now";
        RedactionProperties defaults = RedactionProperties.defaults();
        assertThat(new Redactor(defaults, RULES).redact(line)).isEqualTo("deploying with [REDACTED:acme-api-key] now");
        // without the file, the hand-written rules alone: they do not know Acme
        assertThat(new Redactor(defaults, GitleaksRules.none()).redact(line)).isEqualTo(line);

        Redactor withoutAcme = new Redactor(
                new RedactionProperties(true, Set.of("acme-api-key"), List.of(), "US"), RULES);
        assertThat(withoutAcme.redact(line)).isEqualTo(line);
        assertThat(withoutAcme.redact("zeta zt-0123456789abcdef")).isEqualTo("zeta [REDACTED:zeta-token]");
        assertThat(withoutAcme.gitleaksRules().rules()).extracting(GitleaksRules.Rule::id)
                .containsExactly("widget-secret", "zeta-token");
        // a rule id is a kind only when the file is loaded
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Redactor(new RedactionProperties(true, Set.of("acme-api-key"), List.of(), "US"),
                        GitleaksRules.none()))
                .withMessageContaining("'acme-api-key'")
                .withMessageContaining("gitleaks rule ids count only when rivulet.redaction.gitleaks-rules is set");
    }

    @Test
    void theSettingNamesTheFileReadAtStartUp(CapturedOutput output) {
        runner.withPropertyValues("rivulet.redaction.gitleaks-rules=" + FIXTURE_PATH).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RedactionProperties.class).gitleaksRules()).isEqualTo(FIXTURE_PATH);
            assertThat(context.getBean(Redactor.class).redact("key " + ACME_KEY))
                    .isEqualTo("key [REDACTED:acme-api-key]");
        });
        // one rule does not compile in Java: a warning, naming it
        String line = output.getAll().lines().filter(l -> l.contains("Redaction: 3 gitleaks rules active from"))
                .findFirst().orElseThrow();
        assertThat(line).contains("WARN").contains(FIXTURE_PATH).contains("raw-bytes: does not compile in Java");
    }

    @Test
    void withTheSettingUnsetGitleaksRulesAreOffAndStartUpSaysHowToTurnThemOn(CapturedOutput output) {
        assertThat(RedactionProperties.defaults().gitleaksRules()).isNull();
        assertThat(GitleaksRules.load(null).isConfigured()).isFalse();
        assertThat(GitleaksRules.load("  ").rules()).isEmpty();
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            Redactor redactor = context.getBean(Redactor.class);
            assertThat(redactor.gitleaksRules().isConfigured()).isFalse();
            assertThat(redactor.redact("mail bob@example.com, key " + ACME_KEY))
                    .isEqualTo("mail [REDACTED:email], key " + ACME_KEY);
        });
        String line = output.getAll().lines().filter(l -> l.contains("gitleaks rules off")).findFirst().orElseThrow();
        assertThat(line).contains("INFO").contains("rivulet.redaction.gitleaks-rules is not set")
                .contains("the hand-written rules apply")
                .contains("download config/gitleaks.toml from https://github.com/gitleaks/gitleaks");
    }

    @Test
    void aPathThatDoesNotExistStopsStartUpNamingThePath(@TempDir Path dir) {
        String missing = dir.resolve("gitleaks.toml").toString();

        assertThatIllegalStateException().isThrownBy(() -> GitleaksRules.load(missing))
                .withMessage("rivulet.redaction.gitleaks-rules: the gitleaks rule file '" + missing
                        + "' does not exist. Fix the path or the file, or remove the setting to run without"
                        + " gitleaks' rules; to get them, download config/gitleaks.toml from"
                        + " https://github.com/gitleaks/gitleaks (MIT) and set rivulet.redaction.gitleaks-rules"
                        + " to its path.");
        assertThatIllegalStateException().isThrownBy(() -> GitleaksRules.load(dir.toString()))
                .withMessageContaining("'" + dir + "' is not a regular file");
        runner.withPropertyValues("rivulet.redaction.gitleaks-rules=" + missing).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + missing + "' does not exist");
        });
    }

    @Test
    void aFileThatIsNotGitleaksTomlStopsStartUpSayingWhy(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.toml"), "title = \"x\"\n[[rules]\nid = \"a\"\n");
        Path wrongShape = Files.writeString(dir.resolve("shape.toml"), "rules = \"not a table\"\n");
        Path empty = Files.writeString(dir.resolve("empty.toml"), "title = \"no rules\"\n");
        Path badAllowlist = Files.writeString(dir.resolve("allowlist.toml"),
                "[allowlist]\nregexes = ['''(unclosed''']\n[[rules]]\nid = \"a\"\nregex = '''a'''\n");

        assertThatIllegalStateException().isThrownBy(() -> GitleaksRules.load(broken.toString()))
                .withMessageStartingWith("rivulet.redaction.gitleaks-rules: the gitleaks rule file '" + broken
                        + "' is not a rule file in gitleaks' TOML format: ")
                .withMessageContaining("(line 3");
        assertThatIllegalStateException().isThrownBy(() -> GitleaksRules.load(wrongShape.toString()))
                .withMessageContaining("'" + wrongShape + "' is not a rule file in gitleaks' TOML format");
        assertThatIllegalStateException().isThrownBy(() -> GitleaksRules.load(empty.toString()))
                .withMessageContaining("'" + empty + "' holds no [[rules]]");
        assertThatIllegalStateException().isThrownBy(() -> GitleaksRules.load(badAllowlist.toString()))
                .withMessageContaining("'" + badAllowlist + "' has a global allowlist regex that does not compile");
        runner.withPropertyValues("rivulet.redaction.gitleaks-rules=" + broken).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("'" + broken + "' is not a rule file in gitleaks' TOML format");
        });
    }

    private static GitleaksRules.Rule rule(String id) {
        return RULES.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> kinds(String text) {
        List<String> kinds = new ArrayList<>();
        RULES.detect(text, text.toLowerCase(Locale.ROOT), (rule, start, end) -> kinds.add(rule.kind()));
        return kinds;
    }

    private static List<String> secrets(String text) {
        List<String> secrets = new ArrayList<>();
        RULES.detect(text, text.toLowerCase(Locale.ROOT),
                (rule, start, end) -> secrets.add(text.substring(start, end)));
        return secrets;
    }

    static String fixturePath() {
        try {
            return Path.of(GitleaksRulesTest.class.getResource(FIXTURE).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
