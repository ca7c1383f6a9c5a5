package dev.rivulet.admin;

import dev.rivulet.run.RunHistory;
import dev.rivulet.run.RunRow;
import dev.rivulet.run.RunService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Latency figures for the admin dashboard and {@code /api/admin/metrics}: runs that started in the
 * window and have ended, read through {@link RunHistory}; percentiles computed here (see
 * {@link Percentiles}). Active runs are those in progress on this instance now.
 *
 * <p>One read of the rows feeds every figure ({@link #summarize}): the cards, the per-model and
 * per-setting tables and the chart's points all count the same runs, whatever they lack (a run that
 * failed before its first token is a point too).
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
class DashboardService {

    /** Where the rows come from: the ended runs that started in {@code [from, to)}. */
    interface EndedRuns {
        List<RunRow> startedBetween(Instant from, Instant to);
    }

    private final EndedRuns endedRuns;
    private final IntSupplier activeRuns;
    private final Clock clock;

    @Autowired
    DashboardService(RunHistory history, RunService runs) {
        this(history::endedRunsStartedBetween, runs::activeRunCount, Clock.systemUTC());
    }

    /** With given rows, active-run count and clock, so tests can fix the data, "now" and the window. */
    DashboardService(EndedRuns endedRuns, IntSupplier activeRuns, Clock clock) {
        this.endedRuns = endedRuns;
        this.activeRuns = activeRuns;
        this.clock = clock;
    }

    public Dashboard snapshot(LatencyWindow window) {
        Instant to = clock.instant();
        Instant from = to.minus(window.length());
        // the upper bound is exclusive: one millisecond on includes a run that started just now
        List<RunRow> rows = endedRuns.startedBetween(from, to.plusMillis(1));
        return summarize(window, from, to, activeRuns.getAsInt(), rows);
    }

    /** Every figure of one window from one set of ended runs: nothing is filtered out on the way. */
    static Dashboard summarize(LatencyWindow window, Instant from, Instant to, int activeRuns, List<RunRow> rows) {
        Map<String, LatencyFigures> byModel = group(rows, RunRow::model);
        List<Dashboard.Point> points = rows.stream()
                .map(r -> new Dashboard.Point(r.runId(), r.model(), r.status(), r.ttftMs(), r.totalMs())).toList();
        return new Dashboard(window, from, to, activeRuns, LatencyFigures.of(rows), byModel, points,
                buckets(rows, r -> temperatureBucket(r.temperature())),
                buckets(rows, r -> maxTokensBucket(r.maxTokens())));
    }

    private static Map<String, LatencyFigures> group(List<RunRow> rows, Function<RunRow, String> key) {
        Map<String, List<RunRow>> groups = rows.stream().collect(Collectors.groupingBy(key, TreeMap::new,
                Collectors.toList()));
        Map<String, LatencyFigures> figures = new LinkedHashMap<>();
        groups.forEach((name, group) -> figures.put(name, LatencyFigures.of(group)));
        return figures;
    }

    private static List<Dashboard.Bucket> buckets(List<RunRow> rows, Function<RunRow, Bucket> key) {
        Map<Bucket, List<RunRow>> groups = rows.stream().collect(Collectors.groupingBy(key, TreeMap::new,
                Collectors.toList()));
        List<Dashboard.Bucket> buckets = new ArrayList<>();
        groups.forEach((bucket, group) -> buckets.add(new Dashboard.Bucket(bucket.label(), LatencyFigures.of(group))));
        return buckets;
    }

    /** A bucket sorts by its order, and shows its label. */
    record Bucket(int order, String label) implements Comparable<Bucket> {
        @Override
        public int compareTo(Bucket other) {
            return Integer.compare(order, other.order);
        }
    }

    static Bucket temperatureBucket(Double temperature) {
        if (temperature == null) {
            return new Bucket(0, "model default");
        }
        if (temperature < 0.3) {
            return new Bucket(1, "< 0.3");
        }
        if (temperature < 0.7) {
            return new Bucket(2, "0.3 – 0.7");
        }
        if (temperature < 1.0) {
            return new Bucket(3, "0.7 – 1.0");
        }
        return new Bucket(4, "≥ 1.0");
    }

    static Bucket maxTokensBucket(Integer maxTokens) {
        if (maxTokens == null) {
            return new Bucket(0, "server default");
        }
        if (maxTokens <= 256) {
            return new Bucket(1, "≤ 256");
        }
        if (maxTokens <= 1024) {
            return new Bucket(2, "257 – 1024");
        }
        if (maxTokens <= 4096) {
            return new Bucket(3, "1025 – 4096");
        }
        return new Bucket(4, "> 4096");
    }
}
