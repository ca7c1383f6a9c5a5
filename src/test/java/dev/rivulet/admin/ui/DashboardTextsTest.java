package dev.rivulet.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.admin.LatencyFigures;
import dev.rivulet.admin.LoggedEvent;
import dev.rivulet.admin.Percentiles;
import dev.rivulet.run.RunRow;
import dev.rivulet.run.RunStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the admin views write beside their figures: over how many runs a figure is, and whose figure
 * it is. The figures themselves come from SQL ({@code DashboardFiguresTest}); these are the figures
 * that test's windows hold.
 */
class DashboardTextsTest {

    private static final Instant STARTED = Instant.parse("2026-03-01T11:59:00Z");

    @Test
    void aFigureOverFewerRunsThanTheWindowHoldsSaysOverHowMany() {
        // five completed runs with a first token and one that failed before it
        LatencyFigures all = new LatencyFigures(6, 1, new Percentiles(100.0, 300.0, 300.0, 5),
                new Percentiles(180.0, 2400.0, 2400.0, 6), new Percentiles(50.0, 50.0, 50.0, 5));
        assertThat(DashboardView.coverage(all.ttftMs(), all.runs())).isEqualTo("over 5 of 6 runs");
        assertThat(DashboardView.firstTokenCoverage(all)).isEqualTo("over 5 of 6 runs · 1 ended without a first token");
        assertThat(DashboardView.coverage(all.totalMs(), all.runs())).isEqualTo("over all 6 runs");
        assertThat(DashboardView.of(all.ttftMs(), all.runs())).isEqualTo(" (5 of 6)");
        assertThat(DashboardView.barNote(all)).isEqualTo("5 of 6 runs");
    }

    @Test
    void aWindowWithOnlyAFailedRunSaysNoneHasAFirstToken() {
        Percentiles none = new Percentiles(null, null, null, 0);
        LatencyFigures down = new LatencyFigures(1, 1, none, new Percentiles(2400.0, 2400.0, 2400.0, 1), none);
        assertThat(DashboardView.firstTokenCoverage(down))
                .isEqualTo("none of the 1 run has one · 1 ended without a first token");
        assertThat(DashboardView.barNote(down)).isEqualTo("no first token (1 run)");
    }

    @Test
    void theStreamLogNamesWhoseFiguresTheyAre() {
        RunRow completed = row(RunStatus.COMPLETED, 120L, 400L, 4, 52.5);
        assertThat(StreamLogDialog.figures(completed, true)).isEqualTo("Send → first token 120 ms · Send → end 400 ms"
                + " · Tokens (model's eval_count) 4 · Model's own eval rate 52.5 tokens/s");
        RunRow cancelled = row(RunStatus.CANCELLED, 120L, 400L, 3, 10.0);
        assertThat(StreamLogDialog.figures(cancelled, false)).isEqualTo("Send → first token 120 ms · Send → end 400 ms"
                + " · Chunks received (counted by Rivulet) 3 · First → last token rate (measured by Rivulet) 10 tokens/s");
        RunRow failed = row(RunStatus.FAILED, null, 2400L, 0, null);
        assertThat(StreamLogDialog.figures(failed, false))
                .isEqualTo("Send → first token none (ended without a first token) · Send → end 2400 ms"
                        + " · Chunks received (counted by Rivulet) 0");

        assertThat(StreamLogDialog.modelSentSummary(List.of(done("stop")))).isTrue();
        assertThat(StreamLogDialog.modelSentSummary(List.of(done(null)))).isFalse();
        assertThat(StreamLogDialog.modelSentSummary(List.of())).isFalse();
    }

    private static RunRow row(RunStatus status, Long ttftMs, Long totalMs, Integer tokens, Double tokensPerSecond) {
        return new RunRow(UUID.randomUUID(), 1, UUID.randomUUID(), "chat", "m", null, null, status, STARTED,
                totalMs == null ? null : STARTED.plusMillis(totalMs), ttftMs, totalMs, tokens, tokensPerSecond,
                status == RunStatus.FAILED ? "Model server unreachable" : null, null, null);
    }

    private static LoggedEvent done(String doneReason) {
        Map<String, Object> metrics = new HashMap<>();
        metrics.put("doneReason", doneReason);
        return new LoggedEvent(9, "done", null, 400, Map.of("status", "completed", "metrics", metrics));
    }
}
