package dev.rivulet.admin;

import dev.rivulet.run.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dashboard's figures, computed by the database: {@code percentile_disc(p) within group (order
 * by …)} grouped by model and setting band in one statement, and the scatter as a grid of counts in
 * a second, both in one read-only snapshot. Only aggregates come back, whatever the number of runs in
 * the window (before: every run of the window was loaded as an entity and sorted in Java).
 *
 * <p>On PostgreSQL {@code percentile_disc(p)} is the SQL standard's: the first value whose cumulative
 * share reaches p, i.e. the nearest rank {@code ceil(p × n)} the Java computation used, so the
 * figures are the same. H2 2.4 takes the value at {@code (n − 1) × p} rounded half down instead (its
 * {@code org.h2.expression.aggregate.Percentile}): p50 is the same, p95 and p99 are for some n the
 * value one rank lower. Both are values some run really had. Exact ranks in portable SQL
 * ({@code row_number()} per group) cost 5 s at 100k runs on either database, against 0.6 s for
 * {@code percentile_disc} on PostgreSQL (docs/benchmarks.md); {@code DashboardQueriesTest} pins both
 * databases' results against Java. Also avoided: {@code GROUPING SETS} (H2 lacks it), {@code LEAST},
 * ordinals in {@code GROUP BY}.
 *
 * <p>Reads the run module's {@code runs} table directly, read-only: an aggregate over the table is
 * what the database is for, and {@code run.RunHistory} offers rows only. The columns it relies on
 * are the V1 migration's.
 */
@Repository
class DashboardQueries {

    private static final int COLUMNS = Dashboard.Scatter.COLUMNS;
    private static final int ROWS = Dashboard.Scatter.ROWS;

    private static final String WINDOW = "from runs where started_at >= ? and started_at < ? and status <> 'RUNNING'";

    // The bands' bounds; their labels are TEMPERATURE_BANDS and MAX_TOKENS_BANDS, by the number here.
    private static final String WINDOW_ROWS = """
            select model, status, ttft_ms, total_ms, tokens_per_second,
                case when temperature is null then 0 when temperature < 0.3 then 1 when temperature < 0.7 then 2
                    when temperature < 1.0 then 3 else 4 end as temperature_band,
                case when max_tokens is null then 0 when max_tokens <= 256 then 1 when max_tokens <= 1024 then 2
                    when max_tokens <= 4096 then 3 else 4 end as max_tokens_band
            """ + WINDOW;

    /** A figure's column, and the prefix of its result columns. */
    private record Figure(String column, String prefix) {
    }

    private static final List<Figure> FIGURES = List.of(new Figure("ttft_ms", "ttft"), new Figure("total_ms", "total"),
            new Figure("tokens_per_second", "tps"));

    private static final String AGGREGATES = "count(*) as runs, "
            + "sum(case when status in ('FAILED', 'INTERRUPTED') then 1 else 0 end) as errors, "
            + String.join(", ", FIGURES.stream().map(f -> String.format("count(%1$s) as %2$s_n, "
                    + "percentile_disc(0.5) within group (order by %1$s) as %2$s_p50, "
                    + "percentile_disc(0.95) within group (order by %1$s) as %2$s_p95, "
                    + "percentile_disc(0.99) within group (order by %1$s) as %2$s_p99", f.column(), f.prefix())).toList())
            + ", max(case when total_ms is not null then ttft_ms end) as ttft_max, max(total_ms) as total_max";

    /** One statement, so every group is counted over the same rows, told apart by {@code kind}. */
    private static final String FIGURES_BY_GROUP = "with w as (" + WINDOW_ROWS + ")\n"
            + "select 'all' as kind, '' as name, " + AGGREGATES + " from w\n"
            + "union all select 'model', model, " + AGGREGATES + " from w group by model\n"
            + "union all select 'temperature', cast(temperature_band as varchar(1)), " + AGGREGATES
            + " from w group by temperature_band\n"
            + "union all select 'max-tokens', cast(max_tokens_band as varchar(1)), " + AGGREGATES
            + " from w group by max_tokens_band";

    /** Cells of the grid; a null column is the "no first token" lane, a null row a run without timings. */
    private static final String SCATTER = """
            select col, row_number_, status, count(*) as runs from (
                select case when ttft_ms is null then null else ttft_ms * ? / ? end as col,
                    case when total_ms is null then null else total_ms * ? / ? end as row_number_, status
                """ + WINDOW + ") cells group by col, row_number_, status";

    static final List<String> TEMPERATURE_BANDS = List.of("model default", "< 0.3", "0.3 – 0.7", "0.7 – 1.0", "≥ 1.0");
    static final List<String> MAX_TOKENS_BANDS = List.of("server default", "≤ 256", "257 – 1024", "1025 – 4096",
            "> 4096");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    DashboardQueries(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        // one snapshot for both statements: the chart counts the runs the cards count, even as runs end
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** What the window's figures and scatter are, for the ended runs that started in {@code [from, to)}. */
    record Result(LatencyFigures overall, Map<String, LatencyFigures> byModel, List<Dashboard.Bucket> byTemperature,
            List<Dashboard.Bucket> byMaxTokens, Dashboard.Scatter scatter) {
    }

    Result read(Instant from, Instant to) {
        return snapshot.execute(status -> {
            OffsetDateTime start = OffsetDateTime.ofInstant(from, ZoneOffset.UTC);
            OffsetDateTime end = OffsetDateTime.ofInstant(to, ZoneOffset.UTC);
            Grouped grouped = new Grouped();
            jdbc.query(FIGURES_BY_GROUP, rs -> {
                grouped.add(rs.getString("kind"), rs.getString("name"), figures(rs), longOrZero(rs, "ttft_max"),
                        longOrZero(rs, "total_max"));
            }, start, end);
            long xMax = (long) SvgCharts.nice(Math.max(1, grouped.ttftMax));
            long yMax = (long) SvgCharts.nice(Math.max(1, grouped.totalMax));
            return new Result(grouped.overall, grouped.byModel, buckets(grouped.temperature, TEMPERATURE_BANDS),
                    buckets(grouped.maxTokens, MAX_TOKENS_BANDS), scatter(start, end, xMax, yMax));
        });
    }

    private Dashboard.Scatter scatter(OffsetDateTime start, OffsetDateTime end, long xMax, long yMax) {
        Map<List<Integer>, Map<RunStatus, Integer>> cells = new HashMap<>();
        jdbc.query(SCATTER, rs -> {
            // a value at the axis' very end falls in the last cell, not one past it
            Integer column = clamp(rs, "col", COLUMNS);
            Integer row = clamp(rs, "row_number_", ROWS);
            cells.computeIfAbsent(Arrays.asList(column, row), k -> new EnumMap<>(RunStatus.class))
                    .merge(RunStatus.valueOf(rs.getString("status")), rs.getInt("runs"), Integer::sum);
        }, COLUMNS, xMax, ROWS, yMax, start, end);
        List<Dashboard.Cell> list = new ArrayList<>();
        cells.forEach((key, byStatus) -> list.add(new Dashboard.Cell(key.get(0), key.get(1), byStatus)));
        return new Dashboard.Scatter(xMax, yMax, list);
    }

    private static Integer clamp(ResultSet rs, String column, int size) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : (int) Math.min(((Number) value).longValue(), size - 1);
    }

    private static LatencyFigures figures(ResultSet rs) throws SQLException {
        return new LatencyFigures(rs.getInt("runs"), rs.getInt("errors"), percentiles(rs, "ttft"),
                percentiles(rs, "total"), percentiles(rs, "tps"));
    }

    private static Percentiles percentiles(ResultSet rs, String prefix) throws SQLException {
        int count = rs.getInt(prefix + "_n");
        return count == 0 ? Percentiles.NONE : new Percentiles(number(rs, prefix + "_p50"), number(rs, prefix + "_p95"),
                number(rs, prefix + "_p99"), count);
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static long longOrZero(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The statement's rows, sorted into their groups; models by name, bands in their order. */
    private static final class Grouped {
        LatencyFigures overall = new LatencyFigures(0, 0, Percentiles.NONE, Percentiles.NONE, Percentiles.NONE);
        final Map<String, LatencyFigures> byModel = new TreeMap<>();
        final Map<Integer, LatencyFigures> temperature = new TreeMap<>();
        final Map<Integer, LatencyFigures> maxTokens = new TreeMap<>();
        long ttftMax;
        long totalMax;

        void add(String kind, String name, LatencyFigures figures, long ttftMax, long totalMax) {
            switch (kind) {
                case "all" -> {
                    overall = figures;
                    this.ttftMax = ttftMax;
                    this.totalMax = totalMax;
                }
                case "model" -> byModel.put(name, figures);
                case "temperature" -> temperature.put(Integer.valueOf(name.strip()), figures);
                case "max-tokens" -> maxTokens.put(Integer.valueOf(name.strip()), figures);
                default -> throw new IllegalStateException(kind);
            }
        }
    }

    private static List<Dashboard.Bucket> buckets(Map<Integer, LatencyFigures> bands, List<String> labels) {
        return bands.entrySet().stream().map(e -> new Dashboard.Bucket(labels.get(e.getKey()), e.getValue())).toList();
    }
}
