package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.run.RunRow;
import dev.rivulet.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboard's SQL figures against the Java computation they replace ({@link JavaFigures}), on the
 * same seeded runs, in H2 (and PostgreSQL with {@code -Drivulet.test.postgres-url=…}): every
 * percentile, count and error of every group, and every cell of the binned scatter. On PostgreSQL
 * they are the Java figures exactly; on H2 they are H2's {@code percentile_disc}, which differs from
 * the nearest rank at p95/p99 for some group sizes (by one rank at most).
 */
class DashboardQueriesTest {

    private static final Instant TO = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant FROM = TO.minus(Duration.ofDays(7));
    private static final RunStatus[] ENDS = {RunStatus.COMPLETED, RunStatus.COMPLETED, RunStatus.COMPLETED,
            RunStatus.COMPLETED, RunStatus.CANCELLED, RunStatus.TRUNCATED, RunStatus.FAILED, RunStatus.INTERRUPTED};

    static List<String> kinds() {
        return StreamLogDatabase.kinds().toList();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theSqlFiguresAreTheJavaFiguresOfTheSameRuns(String kind) {
        try (StreamLogDatabase db = StreamLogDatabase.open(kind, null)) {
            Random random = new Random(14);
            List<RunRow> inWindow = new ArrayList<>();
            // group sizes either side of the ranks where nearest rank and rounding could part ways
            int[] sizes = {1, 2, 3, 19, 20, 21, 99, 100, 101, 1000};
            for (int m = 0; m < sizes.length; m++) {
                for (int i = 0; i < sizes[m]; i++) {
                    inWindow.add(insert(db, random, "model-" + m, m % 2 == 0));
                }
            }
            // outside the window, or not ended: in no figure
            db.insertRun("model-0", "COMPLETED", FROM.minusMillis(1), null, null, 1L, 2L, 1, 1.0);
            db.insertRun("model-0", "COMPLETED", TO, null, null, 1L, 2L, 1, 1.0);
            db.insertRun("model-0", "RUNNING", TO.minusSeconds(1), null, null, 1L, null, null, null);

            DashboardQueries.Result sql = new DashboardQueries(db.jdbc, db.transactions).read(FROM, TO);
            JavaFigures.Expected java = JavaFigures.of(inWindow, kind.equals("h2") ? JavaFigures.H2 : JavaFigures.NEAREST);
            if (kind.equals("h2")) {
                // the medians are the nearest rank's on H2 too; only p95/p99 may sit one rank lower
                assertThat(sql.overall().ttftMs().p50()).isEqualTo(JavaFigures.of(inWindow).overall().ttftMs().p50());
            }

            assertThat(sql.overall()).isEqualTo(java.overall());
            assertThat(sql.overall().runs()).isEqualTo(inWindow.size());
            assertThat(sql.byModel()).containsExactlyEntriesOf(java.byModel());
            assertThat(sql.byTemperature()).containsExactlyElementsOf(java.byTemperature());
            assertThat(sql.byMaxTokens()).containsExactlyElementsOf(java.byMaxTokens());
            // the figures through the API body are the same too
            assertThat(sql.overall().toBody()).isEqualTo(java.overall().toBody());

            Dashboard.Scatter scatter = sql.scatter();
            assertThat(scatter.runs()).isEqualTo(inWindow.size());
            assertThat(cells(scatter)).isEqualTo(javaCells(inWindow, scatter.xMaxMs(), scatter.yMaxMs()));
            long maxTtft = inWindow.stream().filter(r -> r.totalMs() != null && r.ttftMs() != null)
                    .mapToLong(RunRow::ttftMs).max().orElseThrow();
            assertThat(scatter.xMaxMs()).isEqualTo((long) SvgCharts.nice(maxTtft));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anEmptyWindowHasNoFiguresAndNoCells(String kind) {
        try (StreamLogDatabase db = StreamLogDatabase.open(kind, null)) {
            DashboardQueries.Result sql = new DashboardQueries(db.jdbc, db.transactions).read(FROM, TO);
            assertThat(sql.overall()).isEqualTo(JavaFigures.figures(List.of()));
            assertThat(sql.byModel()).isEmpty();
            assertThat(sql.byTemperature()).isEmpty();
            assertThat(sql.scatter().cells()).isEmpty();
            assertThat(sql.scatter().xMaxMs()).isEqualTo(1);
        }
    }

    /**
     * H2 2.4's {@code percentile_disc} is not the standard's nearest rank (PostgreSQL's): the dashboard
     * on H2 shows its value, one rank lower here. Should a later H2 follow the standard, this test
     * says so, and {@code DashboardQueries}, {@code JavaFigures.H2} and the docs can drop the caveat.
     */
    @Test
    void h2sPercentileDiscIsOneRankBelowTheNearestRankForSomeGroupSizes() {
        try (StreamLogDatabase db = StreamLogDatabase.h2()) {
            List<Long> values = new ArrayList<>();
            for (long ttft = 1; ttft <= 11; ttft++) {
                db.insertRun("m", "COMPLETED", TO.minusSeconds(60), null, null, ttft, 20L, 1, 1.0);
                values.add(ttft);
            }
            Long h2 = db.jdbc.queryForObject("select percentile_disc(0.95) within group (order by ttft_ms) from runs",
                    Long.class);
            assertThat(h2).isEqualTo(10L);
            assertThat(JavaFigures.percentiles(values).p95()).isEqualTo(11.0); // ceil(0.95 × 11) = the 11th
            assertThat(new DashboardQueries(db.jdbc, db.transactions).read(FROM, TO).overall().ttftMs().p95())
                    .isEqualTo(10.0);
        }
    }

    /** A run of the window with random figures: ties (small ranges), runs without first token or timings. */
    private static RunRow insert(StreamLogDatabase db, Random random, String model, boolean ties) {
        RunStatus status = ENDS[random.nextInt(ENDS.length)];
        Instant started = FROM.plusSeconds(random.nextLong(Duration.ofDays(7).toSeconds()));
        boolean firstToken = switch (status) {
            case FAILED, INTERRUPTED -> random.nextInt(3) == 0;
            case CANCELLED -> random.nextInt(4) > 0;
            default -> true;
        };
        Long ttft = firstToken ? (ties ? 100L * (1 + random.nextInt(5)) : 20L + random.nextInt(20_000)) : null;
        Long total = status == RunStatus.INTERRUPTED && random.nextBoolean() ? null
                : (ttft == null ? 0 : ttft) + (ties ? 500L * random.nextInt(4) : random.nextInt(90_000));
        Double tps = ttft == null || random.nextInt(10) == 0 ? null
                : (ties ? 10.0 * (1 + random.nextInt(3)) : Math.round(random.nextDouble() * 1e6) / 1e4);
        Double temperature = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> 0.3; // on a band's bound
            case 2 -> 1.0;
            default -> Math.round(random.nextDouble() * 200) / 100.0;
        };
        Integer maxTokens = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> 256;
            case 2 -> 4096;
            default -> 1 + random.nextInt(32_768);
        };
        Integer tokens = ttft == null ? 0 : random.nextInt(2000);
        UUID id = db.insertRun(model, status.name(), started, temperature, maxTokens, ttft, total, tokens, tps);
        return new RunRow(id, 1, null, "chat", model, temperature, maxTokens, status, started,
                total == null ? null : started.plusMillis(total), ttft, total, tokens, tps, null, null, null);
    }

    private static Map<List<Integer>, Map<RunStatus, Integer>> cells(Dashboard.Scatter scatter) {
        Map<List<Integer>, Map<RunStatus, Integer>> cells = new HashMap<>();
        scatter.cells().forEach(c -> cells.put(Arrays.asList(c.column(), c.row()), c.byStatus()));
        return cells;
    }

    /** Where each run falls on the grid, computed in Java from its figures. */
    private static Map<List<Integer>, Map<RunStatus, Integer>> javaCells(List<RunRow> rows, long xMax, long yMax) {
        Map<List<Integer>, Map<RunStatus, Integer>> cells = new HashMap<>();
        for (RunRow r : rows) {
            Integer column = r.ttftMs() == null ? null
                    : (int) Math.min(r.ttftMs() * Dashboard.Scatter.COLUMNS / xMax, Dashboard.Scatter.COLUMNS - 1);
            Integer row = r.totalMs() == null ? null
                    : (int) Math.min(r.totalMs() * Dashboard.Scatter.ROWS / yMax, Dashboard.Scatter.ROWS - 1);
            cells.computeIfAbsent(Arrays.asList(column, row), k -> new EnumMap<>(RunStatus.class))
                    .merge(r.status(), 1, Integer::sum);
        }
        return cells;
    }
}
