package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.run.RunRow;
import dev.rivulet.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's figures and charts over fixed runs with known timings and a fixed clock: no model
 * server, no database, no wall clock. Every figure of one window must count the same runs.
 */
class DashboardFiguresTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void percentilesByNearestRankSayOverHowManyRunsTheyAre() {
        Percentiles p = Percentiles.of(java.util.Arrays.asList(300L, 100L, null, 100L, 300L, 100L));
        assertThat(p.p50()).isEqualTo(100.0);
        assertThat(p.p95()).isEqualTo(300.0);
        assertThat(p.p99()).isEqualTo(300.0);
        assertThat(p.count()).isEqualTo(5);
        assertThat(p.toMap()).containsEntry("runs", 5);
        assertThat(Percentiles.of(List.of()).count()).isZero();
    }

    @Test
    void aRunThatFailedBeforeItsFirstTokenCountsInTheCardsTheTablesAndTheChart() {
        List<RunRow> rows = new ArrayList<>();
        for (long ttft : new long[] {100, 100, 100, 300, 300}) {
            rows.add(row("fast", RunStatus.COMPLETED, ttft, ttft + 80, 4, 50.0));
        }
        rows.add(row("fast", RunStatus.FAILED, null, 2400L, 0, null)); // model server unreachable
        Dashboard dashboard = service(rows, 2).snapshot(LatencyWindow.MINUTES_15);

        LatencyFigures all = dashboard.overall();
        assertThat(all.runs()).isEqualTo(6);
        assertThat(all.errors()).isEqualTo(1);
        assertThat(all.withoutFirstToken()).isEqualTo(1);
        assertThat(all.ttftMs()).isEqualTo(new Percentiles(100.0, 300.0, 300.0, 5));
        // the failed run's 2.4 s is in the total time, as the cards show it
        assertThat(all.totalMs()).isEqualTo(new Percentiles(180.0, 2400.0, 2400.0, 6));
        assertThat(all.tokensPerSecond().count()).isEqualTo(5);
        assertThat(dashboard.activeRuns()).isEqualTo(2);
        assertThat(dashboard.byModel().get("fast")).isEqualTo(all);
        assertThat(dashboard.byTemperature()).singleElement()
                .satisfies(b -> assertThat(b.figures().runs()).isEqualTo(6));

        // one point per run the cards count; the failed run has no time to first token
        assertThat(dashboard.points()).hasSize(all.runs());
        assertThat(dashboard.points()).filteredOn(Dashboard.Point::withoutFirstToken).singleElement()
                .satisfies(p -> {
                    assertThat(p.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(p.totalMs()).isEqualTo(2400L);
                });
        assertThat(dashboard.runsByStatus()).containsExactly(Map.entry(RunStatus.COMPLETED, 5),
                Map.entry(RunStatus.FAILED, 1));

        String svg = SvgCharts.scatter(dashboard.points());
        assertThat(count(svg, "<circle ")).isEqualTo(5);
        assertThat(count(svg, "class=\"point no-first-token failed\"")).isEqualTo(1);
        assertThat(svg).contains("no first token / 2400 ms to end").doesNotContain(SvgCharts.NO_RUNS);
        assertThat(SvgCharts.scatterCaption(dashboard.points()))
                .isEqualTo("6 runs in this window: 5 with a first token, 1 ended without a first token "
                        + "(× in the left lane)");

        assertThat(DashboardView.coverage(all.ttftMs(), all.runs())).isEqualTo("over 5 of 6 runs");
        assertThat(DashboardView.firstTokenCoverage(all)).isEqualTo("over 5 of 6 runs · 1 ended without a first token");
        assertThat(DashboardView.coverage(all.totalMs(), all.runs())).isEqualTo("over all 6 runs");
        assertThat(DashboardView.of(all.ttftMs(), all.runs())).isEqualTo(" (5 of 6)");
        assertThat(DashboardView.barNote(all)).isEqualTo("5 of 6 runs");
    }

    @Test
    void aWindowWithOnlyAFailedRunIsNotAnEmptyChart() {
        Dashboard dashboard = service(List.of(row("down", RunStatus.FAILED, null, 2400L, 0, null)), 0)
                .snapshot(LatencyWindow.HOUR_1);
        assertThat(dashboard.overall().runs()).isEqualTo(1);
        assertThat(dashboard.overall().errors()).isEqualTo(1);
        assertThat(dashboard.overall().ttftMs().p50()).isNull();

        String svg = SvgCharts.scatter(dashboard.points());
        assertThat(svg).doesNotContain(SvgCharts.NO_RUNS).contains("class=\"point no-first-token failed\"");
        assertThat(SvgCharts.scatterCaption(dashboard.points())).startsWith("1 run in this window: 0 with a first"
                + " token, 1 ended without a first token");
        assertThat(DashboardView.firstTokenCoverage(dashboard.overall()))
                .isEqualTo("none of the 1 run has one · 1 ended without a first token");
        String note = DashboardView.barNote(dashboard.byModel().get("down"));
        assertThat(note).isEqualTo("no first token (1 run)");
        String bars = SvgCharts.bars("p95", List.of(new SvgCharts.Bar("down", null, note)), "ms");
        assertThat(bars).contains("– · no first token (1 run)").doesNotContain(SvgCharts.NO_RUNS);
    }

    @Test
    void runsWithoutAnyTimingAreCountedAndTheCaptionSaysWhyTheyAreNotDrawn() {
        List<RunRow> rows = List.of(row("m", RunStatus.COMPLETED, 120L, 400L, 3, 30.0),
                row("m", RunStatus.INTERRUPTED, null, null, null, null));
        Dashboard dashboard = service(rows, 0).snapshot(LatencyWindow.MINUTES_15);
        assertThat(dashboard.points()).hasSize(dashboard.overall().runs());
        assertThat(dashboard.overall().errors()).isEqualTo(1);
        assertThat(dashboard.overall().totalMs().count()).isEqualTo(1);
        assertThat(SvgCharts.scatterCaption(dashboard.points())).isEqualTo("2 runs in this window: 1 with a first "
                + "token, 0 ended without a first token (× in the left lane), 1 interrupted by a restart, "
                + "without timings (not drawn)");

        Dashboard untimed = service(rows.subList(1, 2), 0).snapshot(LatencyWindow.MINUTES_15);
        assertThat(SvgCharts.scatter(untimed.points())).doesNotContain(SvgCharts.NO_RUNS)
                .contains("None of the 1 run in this window has timings to draw");
    }

    @Test
    void theEmptyStateAppearsOnlyWhenTheCardsCountNoRuns() {
        Dashboard dashboard = service(List.of(), 0).snapshot(LatencyWindow.DAYS_7);
        assertThat(dashboard.overall().runs()).isZero();
        assertThat(dashboard.points()).isEmpty();
        assertThat(SvgCharts.scatter(dashboard.points())).contains(SvgCharts.NO_RUNS);
        assertThat(SvgCharts.scatterCaption(dashboard.points())).isEqualTo(SvgCharts.NO_RUNS);
        assertThat(SvgCharts.bars("p95", List.of(), "ms")).contains(SvgCharts.NO_RUNS);
    }

    @Test
    void theWindowEndsAtTheClocksNowAndIncludesARunThatStartedJustThen() {
        List<Instant[]> asked = new ArrayList<>();
        DashboardService service = new DashboardService((from, to) -> {
            asked.add(new Instant[] {from, to});
            return List.of();
        }, () -> 0, CLOCK);
        Dashboard dashboard = service.snapshot(LatencyWindow.HOUR_1);
        assertThat(dashboard.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(dashboard.to()).isEqualTo(NOW);
        assertThat(asked).singleElement().satisfies(bounds -> {
            assertThat(bounds[0]).isEqualTo(NOW.minus(Duration.ofHours(1)));
            assertThat(bounds[1]).isEqualTo(NOW.plusMillis(1));
        });
    }

    @Test
    void theMetricsBodySaysOverHowManyRunsEachPercentileIs() {
        List<RunRow> rows = List.of(row("m", RunStatus.COMPLETED, 100L, 180L, 4, 50.0),
                row("m", RunStatus.FAILED, null, 2400L, 0, null));
        Map<String, Object> body = service(rows, 0).snapshot(LatencyWindow.MINUTES_15).toMetricsBody();
        assertThat(body).containsEntry("window", "15m").containsEntry("from", NOW.minus(Duration.ofMinutes(15)).toString())
                .containsEntry("to", NOW.toString()).containsEntry("runs", 2).containsEntry("errors", 1)
                .containsEntry("withoutFirstToken", 1);
        assertThat(body.get("ttftMs")).isEqualTo(Map.of("p50", 100.0, "p95", 100.0, "p99", 100.0, "runs", 1));
        assertThat(body.get("totalMs")).isEqualTo(Map.of("p50", 180.0, "p95", 2400.0, "p99", 2400.0, "runs", 2));
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) ((Map<String, Object>) body.get("byModel")).get("m");
        assertThat(model).containsEntry("runs", 2).containsEntry("withoutFirstToken", 1);
    }

    @Test
    void theStreamLogNamesWhoseFiguresTheyAre() {
        RunRow completed = row("m", RunStatus.COMPLETED, 120L, 400L, 4, 52.5);
        assertThat(StreamLogDialog.figures(completed, true)).isEqualTo("Send → first token 120 ms · Send → end 400 ms"
                + " · Tokens (model's eval_count) 4 · Model's own eval rate 52.5 tokens/s");
        RunRow cancelled = row("m", RunStatus.CANCELLED, 120L, 400L, 3, 10.0);
        assertThat(StreamLogDialog.figures(cancelled, false)).isEqualTo("Send → first token 120 ms · Send → end 400 ms"
                + " · Chunks received (counted by Rivulet) 3 · First → last token rate (measured by Rivulet) 10 tokens/s");
        RunRow failed = row("m", RunStatus.FAILED, null, 2400L, 0, null);
        assertThat(StreamLogDialog.figures(failed, false))
                .isEqualTo("Send → first token none (ended without a first token) · Send → end 2400 ms"
                        + " · Chunks received (counted by Rivulet) 0");

        assertThat(StreamLogDialog.modelSentSummary(List.of(done("stop")))).isTrue();
        assertThat(StreamLogDialog.modelSentSummary(List.of(done(null)))).isFalse();
        assertThat(StreamLogDialog.modelSentSummary(List.of())).isFalse();
    }

    private static LoggedEvent done(String doneReason) {
        Map<String, Object> metrics = new java.util.HashMap<>();
        metrics.put("doneReason", doneReason);
        return new LoggedEvent(9, "done", null, 400, Map.of("status", "completed", "metrics", metrics));
    }

    private static DashboardService service(List<RunRow> rows, int active) {
        return new DashboardService((from, to) -> rows, () -> active, CLOCK);
    }

    private static RunRow row(String model, RunStatus status, Long ttftMs, Long totalMs, Integer tokens,
            Double tokensPerSecond) {
        Instant started = NOW.minusSeconds(60);
        return new RunRow(UUID.randomUUID(), 1, UUID.randomUUID(), "chat", model, null, null, status, started,
                totalMs == null ? null : started.plusMillis(totalMs), ttftMs, totalMs, tokens, tokensPerSecond,
                status == RunStatus.FAILED ? "Model server unreachable" : null, null, null);
    }

    private static int count(String text, String part) {
        return (int) Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }
}
