package dev.rivulet.redaction;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redactor throughput, run on request (see docs/benchmarks.md): prints {@code BENCH} lines and
 * asserts nothing, since timings on a shared CI machine are not a pass/fail signal. Tagged
 * {@code benchmark}, so a normal build skips its ~30 s of measuring. With
 * {@code -Drivulet.gitleaks.dir} (see {@link GitleaksData}) each text is measured twice with and
 * twice without gitleaks' rules, alternating; without it, the hand-written rules alone, and a
 * {@code BENCH} line says that gitleaks' rules were not measured.
 */
@Tag("benchmark")
class RedactorThroughputTest {

    /** The hand-written rules alone, as when {@code rivulet.redaction.gitleaks-rules} is unset. */
    private static final Redactor HAND_WRITTEN_ONLY = new Redactor(RedactionProperties.defaults(), GitleaksRules.none());
    /** With gitleaks' rules if given: both in one JVM, so load on the machine hits both alike. */
    private static final Redactor REDACTOR = GitleaksData.isGiven()
            ? new Redactor(RedactionProperties.defaults(), GitleaksData.rules()) : null;

    @Test
    void printsThroughputOnTenKilobyteAnswersAndOnLogLines() {
        String answer = tenKilobyteAnswer();
        String cleanLogLine = "Completed chat stream 7f3a in 1834 ms (412 tokens, model llama3.2:3b, status OK)";
        String dirtyLogLine = "Login failed for alice@example.com from +1-212-736-3100, password=hunter2x";
        String startupLog = startupLog();
        if (REDACTOR == null) {
            System.out.println("BENCH gitleaks' rules not measured: pass -D" + GitleaksData.PROPERTY
                    + "=<directory holding gitleaks.toml> to compare with them");
        }

        print("a " + String.format(Locale.ROOT, "%,d", answer.length()) + "-char answer", answer, 1.0);
        print(cleanLogLine.length() + "-char log lines without PII", cleanLogLine, 0.5);
        print(dirtyLogLine.length() + "-char log lines with PII", dirtyLogLine, 0.5);
        print("a " + String.format(Locale.ROOT, "%,d", startupLog.length()) + "-char application log ("
                + startupLog.split("\n").length + " lines)", startupLog, 1.0);
    }

    /**
     * Wall-clock throughput, and the redacting thread's own CPU time per text: on a machine
     * shared with other builds the second is the steadier figure for comparing two versions.
     */
    private static void print(String what, String text, double seconds) {
        List<Redactor> order = REDACTOR == null ? List.of(HAND_WRITTEN_ONLY, HAND_WRITTEN_ONLY)
                : List.of(HAND_WRITTEN_ONLY, REDACTOR, HAND_WRITTEN_ONLY, REDACTOR);
        for (Redactor redactor : order) {
            Measurement m = measure(redactor, text, seconds);
            System.out.printf(Locale.ROOT,
                    "BENCH redactor%s on %s: %.2f MB/s wall, %.2f MB/s of CPU, %,.1f us CPU each%n",
                    redactor == REDACTOR ? "" : " without gitleaks' rules", what, m.charsPerWallMicro(),
                    m.charsPerCpuMicro(), text.length() / m.charsPerCpuMicro());
        }
    }

    /** Characters per microsecond, i.e. MB/s for ASCII text. */
    private record Measurement(double charsPerWallMicro, double charsPerCpuMicro) {
    }

    private static Measurement measure(Redactor redactor, String text, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmUpEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            redactor.redact(text);
        }
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long end = start + (long) (seconds * 1e9);
        long characters = 0;
        long now;
        do {
            characters += redactor.redact(text).length() > 0 ? text.length() : 0;
            now = System.nanoTime();
        } while (now < end);
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        return new Measurement(characters / ((now - start) / 1e3), characters / (cpu / 1e3));
    }

    /**
     * What the application log looks like: Spring Boot's start-up and request lines, full of
     * words (key, token, auth, access, api) that are keywords of gitleaks' generic rule.
     */
    private static String startupLog() {
        String lines = """
                2026-12-01T10:15:02.114Z  INFO 4211 --- [rivulet] [main] dev.rivulet.RivuletApplication : Starting RivuletApplication v0.1.0 using Java 25.0.3 with PID 4211
                2026-12-01T10:15:02.120Z  INFO 4211 --- [rivulet] [main] dev.rivulet.RivuletApplication : No active profile set, falling back to 1 default profile: "default"
                2026-12-01T10:15:04.871Z  INFO 4211 --- [rivulet] [main] o.s.b.w.e.tomcat.TomcatWebServer : Tomcat initialized with port 8080 (http)
                2026-12-01T10:15:05.339Z  INFO 4211 --- [rivulet] [main] com.zaxxer.hikari.HikariDataSource : HikariPool-1 - Start completed.
                2026-12-01T10:15:06.002Z  INFO 4211 --- [rivulet] [main] o.s.s.web.DefaultSecurityFilterChain : Will secure any request with filters: DisableEncodeUrlFilter, SecurityContextHolderFilter, HeaderWriterFilter, CsrfFilter, LogoutFilter, BearerTokenAuthenticationFilter, BasicAuthenticationFilter, RequestCacheAwareFilter, AnonymousAuthenticationFilter, ExceptionTranslationFilter, AuthorizationFilter
                2026-12-01T10:15:06.417Z  INFO 4211 --- [rivulet] [main] o.s.b.a.e.web.EndpointLinksResolver : Exposing 4 endpoints beneath base path '/actuator'
                2026-12-01T10:15:07.210Z  INFO 4211 --- [rivulet] [main] dev.rivulet.RivuletApplication : Started RivuletApplication in 5.512 seconds (process running for 6.02)
                2026-12-01T10:16:11.505Z  INFO 4211 --- [rivulet] [nio-8080-exec-3] dev.rivulet.api.TokenController : Personal access token 17 created for user alice, expires 2027-03-01
                2026-12-01T10:16:12.018Z  WARN 4211 --- [rivulet] [nio-8080-exec-4] dev.rivulet.api.ApiAuthentication : Rejected API request to /api/runs/42: bearer token unknown or revoked
                2026-12-01T10:16:13.950Z  INFO 4211 --- [rivulet] [nio-8080-exec-5] dev.rivulet.run.RunService : Run 42 started for conversation 7 with model llama3.2:3b (access granted to owner)
                2026-12-01T10:16:15.330Z  INFO 4211 --- [rivulet] [run-42] dev.rivulet.run.RunService : Run 42 finished in 1834 ms: 412 tokens, first token after 212 ms, status OK
                2026-12-01T10:16:20.101Z DEBUG 4211 --- [rivulet] [nio-8080-exec-6] o.s.security.web.FilterChainProxy : Securing GET /api/conversations?page=0&size=20 with key cache hit
                """;
        return lines.repeat(8);
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
