package dev.rivulet.admin;

import java.util.LinkedHashMap;
import java.util.Map;

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

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("runs", runs);
        map.put("errors", errors);
        map.put("errorRate", Math.round(errorRate() * 10_000) / 10_000.0);
        map.put("withoutFirstToken", withoutFirstToken());
        map.put("ttftMs", ttftMs.toMap());
        map.put("totalMs", totalMs.toMap());
        map.put("tokensPerSecond", tokensPerSecond.toMap());
        return map;
    }
}
