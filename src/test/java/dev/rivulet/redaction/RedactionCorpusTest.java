package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of every kind on the golden corpus. A finding is a true
 * positive only if it has the expected kind and covers the whole marked span; any
 * other finding is a false positive of the kind that produced it.
 */
class RedactionCorpusTest {

    private static final Redactor REDACTOR = Redactor.withDefaults();
    private static final List<GoldenCorpus.Example> CORPUS = GoldenCorpus.load();

    private static final class Score {
        int positives;
        int negatives;
        int truePositives;
        int falsePositives;
        int falseNegatives;

        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    @Test
    void everyKindHasPerfectRecallAndHighPrecisionOnTheCorpus() {
        Map<String, Score> scores = new TreeMap<>();
        BuiltInKinds.ALL.forEach(kind -> scores.put(kind, new Score()));
        List<String> mistakes = new ArrayList<>();
        for (GoldenCorpus.Example example : CORPUS) {
            Score exampleScore = scores.get(example.kind());
            if (example.isPositive()) {
                exampleScore.positives += example.expected().size();
            } else {
                exampleScore.negatives++;
            }
            List<Finding> found = REDACTOR.scan(example.text());
            for (Finding expected : example.expected()) {
                boolean hit = found.stream().anyMatch(f -> f.kind().equals(expected.kind())
                        && f.start() <= expected.start() && f.end() >= expected.end());
                if (hit) {
                    exampleScore.truePositives++;
                } else {
                    exampleScore.falseNegatives++;
                    mistakes.add("missed   line " + example.line() + " " + expected.kind() + ": "
                            + example.text().substring(expected.start(), expected.end()) + "  found " + found);
                }
            }
            for (Finding finding : found) {
                boolean expected = example.expected().stream().anyMatch(e -> e.kind().equals(finding.kind())
                        && finding.start() <= e.start() && finding.end() >= e.end());
                if (!expected) {
                    scores.computeIfAbsent(finding.kind(), k -> new Score()).falsePositives++;
                    mistakes.add("spurious line " + example.line() + " " + finding.kind() + ": "
                            + example.text().substring(finding.start(), finding.end()));
                }
            }
        }
        Score total = new Score();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%-18s %5s %4s %4s %4s %4s %9s %7s%n",
                "kind", "spans", "neg", "TP", "FP", "FN", "precision", "recall"));
        scores.forEach((kind, s) -> {
            table.append(row(kind, s));
            total.positives += s.positives;
            total.negatives += s.negatives;
            total.truePositives += s.truePositives;
            total.falsePositives += s.falsePositives;
            total.falseNegatives += s.falseNegatives;
        });
        table.append(row("OVERALL", total));
        System.out.println(table);
        mistakes.forEach(System.out::println);

        assertThat(scores).allSatisfy((kind, s) -> {
            assertThat(s.positives).as("%s positives", kind).isGreaterThanOrEqualTo(8);
            assertThat(s.negatives).as("%s negatives", kind).isGreaterThanOrEqualTo(8);
            assertThat(s.recall()).as("%s recall", kind).isEqualTo(1.0);
            assertThat(s.precision()).as("%s precision", kind).isGreaterThanOrEqualTo(0.9);
        });
        assertThat(total.recall()).as("overall recall").isEqualTo(1.0);
        assertThat(total.precision()).as("overall precision").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void redactionIsIdempotentOnEveryCorpusLine() {
        for (GoldenCorpus.Example example : CORPUS) {
            String once = REDACTOR.redact(example.text());
            assertThat(REDACTOR.redact(once)).as("line %d", example.line()).isEqualTo(once);
            assertThat(REDACTOR.scan(once)).as("line %d re-scanned", example.line()).isEmpty();
        }
    }

    @Test
    void redactedPositivesKeepNoPartOfTheSecret() {
        for (GoldenCorpus.Example example : CORPUS) {
            String redacted = REDACTOR.redact(example.text());
            for (Finding expected : example.expected()) {
                String secret = example.text().substring(expected.start(), expected.end());
                assertThat(redacted).as("line %d", example.line()).doesNotContain(secret)
                        .contains("[REDACTED:" + expected.kind() + "]");
            }
        }
    }

    @Test
    void theWholeCorpusAsOneTextIsRedactedLikeItsLines() {
        // detectors must not depend on being at the start or end of the text
        StringBuilder all = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (GoldenCorpus.Example example : CORPUS) {
            all.append(example.text()).append("\n\n");
            expected.append(REDACTOR.redact(example.text())).append("\n\n");
        }
        String redactedWhole = REDACTOR.redact(all.toString());
        // a truncated PEM block runs to the end of its text, so compare line by line up to it
        String[] actualParts = redactedWhole.split("\n\n");
        String[] expectedParts = expected.toString().split("\n\n");
        int truncatedKeyIndex = indexOfTruncatedKey(expectedParts);
        for (int i = 0; i < truncatedKeyIndex; i++) {
            assertThat(actualParts[i]).isEqualTo(expectedParts[i]);
        }
        assertThat(actualParts[truncatedKeyIndex]).isEqualTo(expectedParts[truncatedKeyIndex]);
    }

    private static int indexOfTruncatedKey(String[] parts) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("truncated stream")) {
                return i;
            }
        }
        throw new IllegalStateException("corpus lost its truncated-key example");
    }

    private static String row(String kind, Score s) {
        return String.format(Locale.ROOT, "%-18s %5d %4d %4d %4d %4d %9.3f %7.3f%n", kind, s.positives, s.negatives,
                s.truePositives, s.falsePositives, s.falseNegatives, s.precision(), s.recall());
    }
}
