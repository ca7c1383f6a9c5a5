package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall per kind on a corpus Rivulet did not write: the true- and
 * false-positive samples in gitleaks' rule sources, with gitleaks' own rule set. Neither is in
 * the repository (third-party data), so this is a measurement run on request, like the
 * benchmarks: tagged {@code benchmark}, and it fails saying what to pass when the directory is
 * not given. See docs/security.md, "Redaction rules":
 * <pre>
 * mvn test -Dtest=GitleaksSamplesTest -Dbenchmark.excludedGroups= -Drivulet.gitleaks.dir=/path/to/dir
 * </pre>
 * <p>
 * A true-positive sample counts as found when the redactor reports the rule's kind in it;
 * a false-positive sample counts against the rule's kind when that kind is reported in it.
 * Findings of other kinds are not scored (a sample line may hold a second secret), but the
 * share of false-positive samples in which anything at all was redacted is reported too.
 */
@Tag("benchmark")
class GitleaksSamplesTest {

    private static GitleaksRules rules;
    private static Redactor redactor;

    @BeforeAll
    static void loadGitleaksData() {
        rules = GitleaksData.rules();
        redactor = new Redactor(RedactionProperties.defaults(), rules);
    }

    record Sample(String rule, boolean positive, String text) {
    }

    static final class Score {
        int truePositives;
        int falseNegatives;
        int falsePositives;
        int trueNegatives;
        int redacted;

        double redactedShare() {
            return truePositives + falseNegatives == 0 ? 1 : (double) redacted / (truePositives + falseNegatives);
        }

        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }

        void add(Score other) {
            truePositives += other.truePositives;
            falseNegatives += other.falseNegatives;
            falsePositives += other.falsePositives;
            trueNegatives += other.trueNegatives;
            redacted += other.redacted;
        }
    }

    /** Each gitleaks rule, run on its own samples, behaves as gitleaks' own validation requires. */
    @Test
    void eachRuleFindsItsTruePositivesAndNoneOfItsFalsePositives() {
        Map<String, GitleaksRules.Rule> byId = rules.rules().stream()
                .collect(Collectors.toMap(GitleaksRules.Rule::id, rule -> rule));
        List<String> deviations = new ArrayList<>();
        int scored = 0;
        for (Sample sample : samples()) {
            if (!byId.containsKey(sample.rule())) {
                continue;
            }
            scored++;
            List<String> found = new ArrayList<>();
            rules.detect(sample.text(), sample.text().toLowerCase(Locale.ROOT), (rule, start, end) -> {
                if (rule.id().equals(sample.rule())) {
                    found.add(sample.text().substring(start, end));
                }
            });
            if (sample.positive() == found.isEmpty()) {
                deviations.add((sample.positive() ? "missed   " : "spurious ") + sample.rule() + ": "
                        + abbreviate(sample.text()) + " found " + found);
            }
        }
        System.out.println("GITLEAKS rule-by-rule deviations from gitleaks on " + scored + " samples:");
        deviations.forEach(d -> System.out.println("  " + d));
        // Java's regex dialect differs from RE2 in corners ($ before a final newline, \s and \b on
        // non-ASCII); on these samples the port behaves exactly like gitleaks.
        assertThat(deviations).isEmpty();
    }

    /**
     * The whole redactor (gitleaks' rules plus the hand-written ones, overlaps resolved),
     * scored per kind. The secret in a true-positive sample is the span its own rule reports
     * (the first test shows that is gitleaks' answer); it counts as found when a finding of the
     * rule's kind covers it, and as redacted when a finding of any kind does: {@code
     * genericToken = "CLOJARS_…"} is a generic-api-key sample that the clojars rule takes.
     */
    @Test
    void theRedactorsPrecisionAndRecallPerKindOnGitleaksSamples() {
        Map<String, GitleaksRules.Rule> byId = rules.rules().stream()
                .collect(Collectors.toMap(GitleaksRules.Rule::id, rule -> rule));
        Map<String, Score> scores = new TreeMap<>();
        int negatives = 0;
        int negativesWithAnyFinding = 0;
        List<String> mistakes = new ArrayList<>();
        for (Sample sample : samples()) {
            GitleaksRules.Rule rule = byId.get(sample.rule());
            if (rule == null) {
                continue; // a path-scoped rule, which a stream cannot trigger
            }
            String kind = rule.kind();
            List<Finding> found = redactor.scan(sample.text());
            Score score = scores.computeIfAbsent(kind, k -> new Score());
            if (sample.positive()) {
                List<Finding> secrets = secretsByItsOwnRule(sample);
                boolean sameKind = secrets.stream().allMatch(secret -> covered(secret, found, kind));
                boolean redacted = secrets.stream().allMatch(secret -> covered(secret, found, null));
                if (sameKind) {
                    score.truePositives++;
                } else {
                    score.falseNegatives++;
                    mistakes.add((redacted ? "other kind " : "missed     ") + sample.rule() + ": "
                            + abbreviate(sample.text()) + " found " + kinds(found));
                }
                score.redacted += redacted ? 1 : 0;
            } else {
                negatives++;
                negativesWithAnyFinding += found.isEmpty() ? 0 : 1;
                if (found.stream().anyMatch(f -> f.kind().equals(kind))) {
                    score.falsePositives++;
                    mistakes.add("spurious   " + sample.rule() + ": " + abbreviate(sample.text()));
                } else {
                    score.trueNegatives++;
                }
            }
        }
        Score total = new Score();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%n%-38s %4s %4s %4s %4s %9s %7s %8s%n", "kind", "TP", "FN", "FP", "TN", "precision", "recall",
                "redacted"));
        scores.forEach((kind, s) -> {
            table.append(row(kind, s));
            total.add(s);
        });
        table.append(row("all", total));
        table.append(String.format(Locale.ROOT, "false-positive samples with a finding of any kind: %d of %d%n",
                negativesWithAnyFinding, negatives));
        System.out.println("GITLEAKS samples, whole redactor:" + table);
        mistakes.forEach(m -> System.out.println("  " + m));

        assertThat(total.truePositives + total.falseNegatives).as("true-positive samples scored")
                .isGreaterThanOrEqualTo(600);
        // Every secret gitleaks finds in its samples is redacted: overlaps may give it another
        // kind, never leave it in the text.
        assertThat(total.redactedShare()).as("share of true positives redacted").isEqualTo(1.0);
        assertThat(total.recall()).as("recall with the rule's own kind").isGreaterThanOrEqualTo(0.95);
        // Kinds only gitleaks reports keep gitleaks' precision on its samples. The hand-written
        // rules redact more (wrong-length Anthropic keys, public Google keys that gitleaks
        // allowlists by value, a key in a test PEM block): a log redactor would rather hide those
        // than miss a key. Overall precision is held a little under today's 0.947 so that a change
        // adding false positives shows up here.
        Set<String> handWritten = Set.of(BuiltInKinds.AWS_ACCESS_KEY, BuiltInKinds.GITHUB_TOKEN,
                BuiltInKinds.SLACK_TOKEN, BuiltInKinds.GOOGLE_API_KEY, BuiltInKinds.ANTHROPIC_KEY,
                BuiltInKinds.OPENAI_KEY, BuiltInKinds.JWT, BuiltInKinds.PRIVATE_KEY, BuiltInKinds.SECRET_ASSIGNMENT);
        scores.forEach((kind, s) -> {
            if (!handWritten.contains(kind)) {
                assertThat(s.precision()).as(kind + " precision").isEqualTo(1.0);
            }
        });
        assertThat(total.precision()).as("precision over all kinds").isGreaterThanOrEqualTo(0.93);
    }

    private static List<Finding> secretsByItsOwnRule(Sample sample) {
        List<Finding> secrets = new ArrayList<>();
        rules.detect(sample.text(), sample.text().toLowerCase(Locale.ROOT), (rule, start, end) -> {
            if (rule.id().equals(sample.rule())) {
                secrets.add(new Finding(rule.kind(), start, end));
            }
        });
        return secrets;
    }

    private static boolean covered(Finding secret, List<Finding> found, String kind) {
        return found.stream().anyMatch(f -> (kind == null || f.kind().equals(kind)) && f.start() <= secret.start()
                && f.end() >= secret.end());
    }

    private static String row(String kind, Score s) {
        return String.format(Locale.ROOT, "%-38s %4d %4d %4d %4d %9.3f %7.3f %8.3f%n", kind, s.truePositives,
                s.falseNegatives, s.falsePositives, s.trueNegatives, s.precision(), s.recall(), s.redactedShare());
    }

    private static Set<String> kinds(List<Finding> findings) {
        return findings.stream().map(Finding::kind).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() <= 140 ? oneLine : oneLine.substring(0, 140) + "…";
    }

    static List<Sample> samples() {
        try {
            List<Sample> samples = new ArrayList<>();
            for (String line : Files.readString(GitleaksData.file(GitleaksData.SAMPLES)).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", 3);
                samples.add(new Sample(fields[0], fields[1].equals("tp"), unescape(fields[2])));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
