package dev.rivulet.admin;

/**
 * Figures over a set of ended runs, as {@link DashboardQueries} computes them. An error is a run
 * that ended {@code failed} or {@code interrupted}; a cancelled or truncated run did what it was
 * asked and is not an error.
 *
 * <p>{@code runs} and {@code errors} count every run of the set. Each percentile covers the runs
 * that have that figure and says how many ({@link Percentiles#count()}): a run that failed before
 * its first token counts in {@code runs}, {@code errors} and total time, not in time to first token
 * ({@link #withoutFirstToken()}).
 */
public record LatencyFigures(int runs, int errors, Percentiles ttftMs, Percentiles totalMs, Percentiles tokensPerSecond) {

    /** Runs of the set that ended without a first token (failed or cancelled before it, interrupted). */
    public int withoutFirstToken() {
        return runs - ttftMs.count();
    }

    public double errorRate() {
        return runs == 0 ? 0 : (double) errors / runs;
    }

    /** The figures as the metrics API shows them, overall and for each model. */
    record LatencyFiguresBody(int runs, int errors, double errorRate, int withoutFirstToken,
            Percentiles.PercentilesBody ttftMs, Percentiles.PercentilesBody totalMs,
            Percentiles.PercentilesBody tokensPerSecond) {
    }

    LatencyFiguresBody toBody() {
        return new LatencyFiguresBody(runs, errors, Math.round(errorRate() * 10_000) / 10_000.0, withoutFirstToken(),
                ttftMs.toBody(), totalMs.toBody(), tokensPerSecond.toBody());
    }
}
