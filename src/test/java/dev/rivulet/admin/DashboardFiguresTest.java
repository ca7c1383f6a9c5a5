package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.run.RunRow;
import dev.rivulet.run.RunStatus;
import dev.rivulet.testsupport.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's figures and charts over runs with known timings in a real database (an in-memory H2
 * with the application's migrations) and a fixed clock: no model server, no wall clock. Every figure
 * of one window must count the same runs.
 */
class DashboardFiguresTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final StreamLogDatabase db = StreamLogDatabase.h2();

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void percentilesByNearestRankSayOverHowManyRunsTheyAre() {
        for (Long ttft : Arrays.asList(300L, 100L, null, 100L, 300L, 100L)) {
            row("m", RunStatus.COMPLETED, ttft, 400L, 4, 50.0);
        }
        Percentiles p = service(0).snapshot(LatencyWindow.MINUTES_15).overall().ttftMs();
        assertThat(p.p50()).isEqualTo(100.0);
        assertThat(p.p95()).isEqualTo(300.0);
        assertThat(p.p99()).isEqualTo(300.0);
        assertThat(p.count()).isEqualTo(5);
        assertThat(p.toBody().runs()).isEqualTo(5);
        assertThat(service(0).snapshot(LatencyWindow.MINUTES_15).byModel().get("m").tokensPerSecond().count())
                .isEqualTo(6);
    }

    @Test
    void aRunThatFailedBeforeItsFirstTokenCountsInTheCardsTheTablesAndTheChart() {
        for (long ttft : new long[] {100, 100, 100, 300, 300}) {
            row("fast", RunStatus.COMPLETED, ttft, ttft + 80, 4, 50.0);
        }
        row("fast", RunStatus.FAILED, null, 2400L, 0, null); // model server unreachable
        Dashboard dashboard = service(2).snapshot(LatencyWindow.MINUTES_15);

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

        // the chart's cells count every run the cards count; the failed run is in the lane
        Dashboard.Scatter scatter = dashboard.scatter();
        assertThat(scatter.runs()).isEqualTo(all.runs());
        assertThat(scatter.withFirstToken()).isEqualTo(5);
        assertThat(scatter.cells()).filteredOn(Dashboard.Cell::inLane).singleElement()
                .satisfies(c -> assertThat(c.byStatus()).containsExactly(Map.entry(RunStatus.FAILED, 1)));
        assertThat(scatter.runsByStatus()).containsExactly(Map.entry(RunStatus.COMPLETED, 5),
                Map.entry(RunStatus.FAILED, 1));
        // axes 0–500 ms × 0–5000 ms: 100 ms and 300 ms to first token are two cells (3 and 2 runs)
        assertThat(scatter.xMaxMs()).isEqualTo(500);
        assertThat(scatter.yMaxMs()).isEqualTo(5000);
        assertThat(scatter.cells()).filteredOn(Dashboard.Cell::plotted).extracting(Dashboard.Cell::runs)
                .containsExactlyInAnyOrder(3, 2);

        String svg = SvgCharts.scatter(scatter);
        assertThat(drawnRuns(svg, "class=\"cell completed\"")).isEqualTo(5);
        assertThat(drawnRuns(svg, "class=\"cell no-first-token failed\"")).isEqualTo(1);
        assertThat(svg).contains("3 runs · 3 completed · 100–112.5 ms to first token / 0–200 ms to end")
                .contains("1 run · 1 failed · no first token / 2400–2600 ms to end")
                .doesNotContain("<circle").doesNotContain(SvgCharts.NO_RUNS);
        assertThat(SvgCharts.scatterCaption(scatter))
                .isEqualTo("6 runs in this window: 5 with a first token, 1 ended without a first token "
                        + "(left lane). Each cell counts the runs in it: the darker, the more.");

    }

    @Test
    void aWeekOfRunsIsAGridOfCountsNotAMarkPerRun() {
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            long ttft = 50 + random.nextInt(2000);
            RunStatus status = i % 50 == 0 ? RunStatus.FAILED : RunStatus.COMPLETED;
            row("busy", status, ttft, ttft + random.nextInt(20_000), 100, 40.0);
        }
        Dashboard dashboard = service(0).snapshot(LatencyWindow.DAYS_7);
        String svg = SvgCharts.scatter(dashboard.scatter());
        int cells = count(svg, "<rect ") - 1; // the lane's background is a rect too
        assertThat(cells).isLessThanOrEqualTo(Dashboard.Scatter.COLUMNS * Dashboard.Scatter.ROWS).isLessThan(3000);
        assertThat(drawnRuns(svg, "class=\"cell ")).isEqualTo(3000);
        // a cell with a failed run among completed ones is outlined in the failed colour
        assertThat(svg).contains("stroke=\"" + SvgCharts.STATUS_COLOURS.get(RunStatus.FAILED) + "\"");
    }

    @Test
    void aWindowWithOnlyAFailedRunIsNotAnEmptyChart() {
        row("down", RunStatus.FAILED, null, 2400L, 0, null);
        Dashboard dashboard = service(0).snapshot(LatencyWindow.HOUR_1);
        assertThat(dashboard.overall().runs()).isEqualTo(1);
        assertThat(dashboard.overall().errors()).isEqualTo(1);
        assertThat(dashboard.overall().ttftMs().p50()).isNull();

        String svg = SvgCharts.scatter(dashboard.scatter());
        assertThat(svg).doesNotContain(SvgCharts.NO_RUNS).contains("class=\"cell no-first-token failed\"");
        assertThat(SvgCharts.scatterCaption(dashboard.scatter())).startsWith("1 run in this window: 0 with a first"
                + " token, 1 ended without a first token");
        // the view's note for this model's bar (DashboardTextsTest)
        String note = "no first token (1 run)";
        String bars = SvgCharts.bars("p95", List.of(new SvgCharts.Bar("down", null, note)), "ms");
        assertThat(bars).contains("– · no first token (1 run)").doesNotContain(SvgCharts.NO_RUNS);
    }

    @Test
    void runsWithoutAnyTimingAreCountedAndTheCaptionSaysWhyTheyAreNotDrawn() {
        row("m", RunStatus.COMPLETED, 120L, 400L, 3, 30.0);
        row("m", RunStatus.INTERRUPTED, null, null, null, null);
        Dashboard dashboard = service(0).snapshot(LatencyWindow.MINUTES_15);
        assertThat(dashboard.scatter().runs()).isEqualTo(dashboard.overall().runs());
        assertThat(dashboard.overall().errors()).isEqualTo(1);
        assertThat(dashboard.overall().totalMs().count()).isEqualTo(1);
        assertThat(SvgCharts.scatterCaption(dashboard.scatter())).isEqualTo("2 runs in this window: 1 with a first "
                + "token, 0 ended without a first token (left lane), 1 interrupted by a restart, "
                + "without timings (not drawn). Each cell counts the runs in it: the darker, the more.");
    }

    @Test
    void aWindowOfRunsWithoutTimingsSaysSo() {
        row("m", RunStatus.INTERRUPTED, null, null, null, null);
        assertThat(SvgCharts.scatter(service(0).snapshot(LatencyWindow.MINUTES_15).scatter()))
                .doesNotContain(SvgCharts.NO_RUNS).contains("None of the 1 run in this window has timings to draw");
    }

    @Test
    void theEmptyStateAppearsOnlyWhenTheCardsCountNoRuns() {
        Dashboard dashboard = service(0).snapshot(LatencyWindow.DAYS_7);
        assertThat(dashboard.overall().runs()).isZero();
        assertThat(dashboard.scatter().cells()).isEmpty();
        assertThat(SvgCharts.scatter(dashboard.scatter())).contains(SvgCharts.NO_RUNS);
        assertThat(SvgCharts.scatterCaption(dashboard.scatter())).isEqualTo(SvgCharts.NO_RUNS);
        assertThat(SvgCharts.bars("p95", List.of(), "ms")).contains(SvgCharts.NO_RUNS);
    }

    @Test
    void theWindowEndsAtTheClocksNowAndIncludesARunThatStartedJustThenAndOneAtItsStart() {
        Instant from = NOW.minus(Duration.ofHours(1));
        for (Instant started : new Instant[] {from.minusMillis(1), from, NOW, NOW.plusMillis(1)}) {
            db.insertRun("edges", "COMPLETED", started, null, null, 10L, 20L, 1, 1.0);
        }
        db.insertRun("edges", "RUNNING", NOW.minusSeconds(1), null, null, 10L, null, null, null);
        Dashboard dashboard = service(0).snapshot(LatencyWindow.HOUR_1);
        assertThat(dashboard.from()).isEqualTo(from);
        assertThat(dashboard.to()).isEqualTo(NOW);
        assertThat(dashboard.overall().runs()).isEqualTo(2);
    }

    @Test
    void theMetricsBodySaysOverHowManyRunsEachPercentileIs() {
        row("m", RunStatus.COMPLETED, 100L, 180L, 4, 50.0);
        row("m", RunStatus.FAILED, null, 2400L, 0, null);
        Dashboard.AdminMetricsBody body = service(0).snapshot(LatencyWindow.MINUTES_15).toMetricsBody();
        assertThat(body.window()).isEqualTo("15m");
        assertThat(body.from()).isEqualTo(NOW.minus(Duration.ofMinutes(15)).toString());
        assertThat(body.to()).isEqualTo(NOW.toString());
        assertThat(body.overall().runs()).isEqualTo(2);
        assertThat(body.overall().errors()).isEqualTo(1);
        assertThat(body.overall().withoutFirstToken()).isEqualTo(1);
        assertThat(body.overall().ttftMs()).isEqualTo(new Percentiles.PercentilesBody(100.0, 100.0, 100.0, 1));
        assertThat(body.overall().totalMs()).isEqualTo(new Percentiles.PercentilesBody(180.0, 2400.0, 2400.0, 2));
        LatencyFigures.LatencyFiguresBody model = body.byModel().get("m");
        assertThat(model.runs()).isEqualTo(2);
        assertThat(model.withoutFirstToken()).isEqualTo(1);
    }

    @Test
    void aDayOrAWeekIsReusedForAWhileWithTheActiveRunsOfNowAndAnHourIsAlwaysFresh() {
        ManualClock moving = new ManualClock(NOW);
        AtomicInteger active = new AtomicInteger(1);
        DashboardService service = new DashboardService(new DashboardQueries(db.jdbc, db.transactions), active::get,
                moving);
        row("m", RunStatus.COMPLETED, 100L, 400L, 4, 50.0);
        assertThat(service.snapshot(LatencyWindow.DAYS_7).overall().runs()).isEqualTo(1);
        row("m", RunStatus.COMPLETED, 100L, 400L, 4, 50.0);
        active.set(3);
        moving.set(NOW.plus(DashboardService.maxAge(LatencyWindow.DAYS_7)));
        Dashboard reused = service.snapshot(LatencyWindow.DAYS_7);
        assertThat(reused.overall().runs()).as("the week's figures, 5 minutes later").isEqualTo(1);
        assertThat(reused.activeRuns()).as("active runs are always now's").isEqualTo(3);
        assertThat(service.snapshot(LatencyWindow.HOUR_1).overall().runs()).as("the last hour is never reused")
                .isEqualTo(2);
        moving.advance(Duration.ofMillis(1));
        assertThat(service.snapshot(LatencyWindow.DAYS_7).overall().runs()).as("older than 5 minutes: asked again")
                .isEqualTo(2);
        assertThat(DashboardService.maxAge(LatencyWindow.HOURS_24)).isEqualTo(Duration.ofDays(1).dividedBy(2016));
        assertThat(DashboardService.maxAge(LatencyWindow.MINUTES_15)).isZero();
    }

    private DashboardService service(int active) {
        return new DashboardService(new DashboardQueries(db.jdbc, db.transactions), () -> active, CLOCK);
    }

    /** A run in the database, started a minute before "now", and the same run as the stream log reads it. */
    private RunRow row(String model, RunStatus status, Long ttftMs, Long totalMs, Integer tokens,
            Double tokensPerSecond) {
        RunRow row = row(model, status, ttftMs, totalMs, tokens, tokensPerSecond, NOW.minusSeconds(60));
        db.insertRun(model, status.name(), row.startedAt(), null, null, ttftMs, totalMs, tokens, tokensPerSecond);
        return row;
    }

    private static RunRow row(String model, RunStatus status, Long ttftMs, Long totalMs, Integer tokens,
            Double tokensPerSecond, Instant started) {
        return new RunRow(UUID.randomUUID(), 1, UUID.randomUUID(), "chat", model, null, null, status, started,
                totalMs == null ? null : started.plusMillis(totalMs), ttftMs, totalMs, tokens, tokensPerSecond,
                status == RunStatus.FAILED ? "Model server unreachable" : null, null, null);
    }

    /** The runs the SVG's cells of one kind hold, from their {@code data-runs}. */
    private static int drawnRuns(String svg, String cellClass) {
        return Pattern.compile(Pattern.quote(cellClass) + "[^>]*data-runs=\"(\\d+)\"").matcher(svg).results()
                .mapToInt(m -> Integer.parseInt(m.group(1))).sum();
    }

    private static int count(String text, String part) {
        return (int) Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }
}
