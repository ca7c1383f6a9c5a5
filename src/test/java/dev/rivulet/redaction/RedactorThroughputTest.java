package dev.rivulet.redaction;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redactor throughput, run on request (see docs/benchmarks.md): prints {@code BENCH} lines and
 * asserts nothing, since timings on a shared CI machine are not a pass/fail signal. Tagged
 * {@code benchmark}, so a normal build skips its ~5 s of measuring.
 */
@Tag("benchmark")
class RedactorThroughputTest {

    private static final Redactor REDACTOR = Redactor.withDefaults();

    @Test
    void printsThroughputOnTenKilobyteAnswersAndOnLogLines() {
        String answer = tenKilobyteAnswer();
        String cleanLogLine = "Completed chat stream 7f3a in 1834 ms (412 tokens, model llama3.2:3b, status OK)";
        String dirtyLogLine = "Login failed for alice@example.com from +1-212-736-3100, password=hunter2x";

        double answerMbPerSecond = measure(answer, 1.0);
        double cleanLinesPerSecond = measure(cleanLogLine, 0.5) * 1e6 / cleanLogLine.length();
        double dirtyLinesPerSecond = measure(dirtyLogLine, 0.5) * 1e6 / dirtyLogLine.length();

        System.out.printf(Locale.ROOT, "BENCH redactor on a %,d-char answer: %.1f MB/s (%.2f ms per answer)%n",
                answer.length(), answerMbPerSecond, answer.length() / (answerMbPerSecond * 1e3));
        System.out.printf(Locale.ROOT, "BENCH redactor on %d-char log lines without PII: %,.0f lines/s%n",
                cleanLogLine.length(), cleanLinesPerSecond);
        System.out.printf(Locale.ROOT, "BENCH redactor on %d-char log lines with PII: %,.0f lines/s%n",
                dirtyLogLine.length(), dirtyLinesPerSecond);
    }

    /** Characters per microsecond, i.e. MB/s for ASCII text. */
    private static double measure(String text, double seconds) {
        long warmUpEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            REDACTOR.redact(text);
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long characters = 0;
        long now;
        do {
            characters += REDACTOR.redact(text).length() > 0 ? text.length() : 0;
            now = System.nanoTime();
        } while (now < end);
        return characters / ((now - start) / 1e3);
    }

    private static String tenKilobyteAnswer() {
        List<String> paragraphs = GoldenCorpus.load().stream().map(GoldenCorpus.Example::text).toList();
        StringBuilder answer = new StringBuilder();
        String prose = "Here is how to configure the service. First, open the settings page and choose the "
                + "region closest to you; then restart the application (version 2.4.1, build 20240115) and "
                + "check the logs for errors. The order 1234567812345678 shipped on 2024-01-15.\n";
        int i = 0;
        while (answer.length() < 10_000) {
            answer.append(prose);
            if (i % 3 == 0) {
                answer.append(paragraphs.get(i * 7 % paragraphs.size())).append('\n');
            }
            answer.append("```java\n@Override\npublic String toString() { return \"v\" + major + \".\" + minor; }\n```\n");
            i++;
        }
        return answer.substring(0, 10_000);
    }
}
