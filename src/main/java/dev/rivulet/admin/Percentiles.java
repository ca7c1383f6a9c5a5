package dev.rivulet.admin;

import java.util.Arrays;

/**
 * p50/p95/p99 of a set of values by SQL's {@code percentile_disc}, computed by the database
 * ({@link DashboardQueries}): on PostgreSQL the nearest rank (the smallest value with at least p% of
 * the values at or below it), on H2 at most one rank lower; either way a value some run really had.
 * Histograms for Prometheus live in Micrometer.
 *
 * <p>{@code count} is how many runs had the figure at all (a run that ended before its first token
 * has no time to first token): every view shows it beside the figures, so percentiles over fewer
 * runs than the window holds never pass for all of them.
 */
public record Percentiles(Double p50, Double p95, Double p99, int count) {

    static final Percentiles NONE = new Percentiles(null, null, null, 0);

    /** Percentiles as the metrics API shows them: to two decimals, with how many runs they are over. */
    record PercentilesBody(Double p50, Double p95, Double p99, int runs) {
    }

    PercentilesBody toBody() {
        return new PercentilesBody(round(p50), round(p95), round(p99), count);
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 100) / 100.0;
    }

    @Override
    public String toString() {
        return Arrays.toString(new Double[] {p50, p95, p99}) + " over " + count;
    }
}
