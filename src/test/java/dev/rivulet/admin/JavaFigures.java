package dev.rivulet.admin;

import dev.rivulet.run.RunRow;
import dev.rivulet.run.RunStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dashboard's figures as they were computed in Java before {@link DashboardQueries} (commit
 * 1987621: {@code Percentiles.of}, {@code LatencyFigures.of}, {@code DashboardService.summarize}),
 * kept as the oracle the SQL figures are checked against ({@link DashboardQueriesTest}); the rank can
 * be H2's, whose {@code percentile_disc} is not the standard's.
 */
public final class JavaFigures {

    private JavaFigures() {
    }

    record Expected(LatencyFigures overall, Map<String, LatencyFigures> byModel, List<Dashboard.Bucket> byTemperature,
            List<Dashboard.Bucket> byMaxTokens) {
    }

    /** Which value is the p-th percentile of n sorted values: its index. */
    interface Rank {
        int index(int percent, int n);
    }

    /** Today's: the nearest rank, and the SQL standard's {@code percentile_disc} (PostgreSQL's). */
    static final Rank NEAREST = (percent, n) -> (int) Math.ceil(percent / 100.0 * n) - 1;

    /** H2 2.4's {@code percentile_disc}: (n − 1) × p, rounded half down (exact decimal arithmetic). */
    static final Rank H2 = (percent, n) -> {
        int hundredths = (n - 1) * percent; // (n − 1) × p, in hundredths
        return hundredths / 100 + (hundredths % 100 > 50 ? 1 : 0);
    };

    private static Rank rank = NEAREST;

    /** The figures with {@code rank} as the percentile (not thread-safe; tests run one at a time). */
    static Expected of(List<RunRow> rows, Rank with) {
        rank = with;
        try {
            return of(rows);
        } finally {
            rank = NEAREST;
        }
    }

    static Expected of(List<RunRow> rows) {
        return new Expected(figures(rows), group(rows, RunRow::model),
                buckets(rows, r -> temperatureBucket(r.temperature())), buckets(rows, r -> maxTokensBucket(r.maxTokens())));
    }

    public static Percentiles percentiles(Collection<? extends Number> values) {
        double[] sorted = values.stream().filter(Objects::nonNull).mapToDouble(Number::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Percentiles.NONE;
        }
        return new Percentiles(rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted.length);
    }

    static double rank(double[] sorted, int percent) {
        int index = rank.index(percent, sorted.length);
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    static LatencyFigures figures(List<RunRow> rows) {
        int errors = (int) rows.stream().filter(JavaFigures::isError).count();
        return new LatencyFigures(rows.size(), errors,
                percentiles(rows.stream().map(RunRow::ttftMs).toList()),
                percentiles(rows.stream().map(RunRow::totalMs).toList()),
                percentiles(rows.stream().map(RunRow::tokensPerSecond).toList()));
    }

    static boolean isError(RunRow row) {
        return row.status() == RunStatus.FAILED || row.status() == RunStatus.INTERRUPTED;
    }

    private static Map<String, LatencyFigures> group(List<RunRow> rows, Function<RunRow, String> key) {
        Map<String, List<RunRow>> groups = rows.stream().collect(Collectors.groupingBy(key, TreeMap::new,
                Collectors.toList()));
        Map<String, LatencyFigures> figures = new LinkedHashMap<>();
        groups.forEach((name, group) -> figures.put(name, figures(group)));
        return figures;
    }

    private static List<Dashboard.Bucket> buckets(List<RunRow> rows, Function<RunRow, Bucket> key) {
        Map<Bucket, List<RunRow>> groups = rows.stream().collect(Collectors.groupingBy(key, TreeMap::new,
                Collectors.toList()));
        List<Dashboard.Bucket> buckets = new ArrayList<>();
        groups.forEach((bucket, group) -> buckets.add(new Dashboard.Bucket(bucket.label(), figures(group))));
        return buckets;
    }

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
