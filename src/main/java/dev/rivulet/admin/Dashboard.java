package dev.rivulet.admin;

import dev.rivulet.run.RunStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the dashboard shows for one window: overall and per-model figures, one point per run
 * for the scatter, and figures by temperature and max-token bucket. Every part is computed from the
 * same rows (the runs that started in the window and have ended), so the cards, the chart and the
 * tables always count the same runs: {@code points} holds one entry for every run {@code overall}
 * counts.
 */
record Dashboard(LatencyWindow window, Instant from, Instant to, int activeRuns, LatencyFigures overall,
        Map<String, LatencyFigures> byModel, List<Point> points, List<Bucket> byTemperature,
        List<Bucket> byMaxTokens) {

    /**
     * One ended run on the scatter: send → first token against send → end, both as Rivulet measured
     * them. {@code ttftMs} is null for a run that ended before its first token (it is drawn in its own
     * lane, at its total time); both are null for a run interrupted by a restart, whose times are
     * unknown.
     */
    record Point(UUID runId, String model, RunStatus status, Long ttftMs, Long totalMs) {

        /** Has a first token and a total time: a dot in the plot. */
        boolean withFirstToken() {
            return ttftMs != null && totalMs != null;
        }

        /** Ended without a first token, after a known total time: a mark in the "no first token" lane. */
        boolean withoutFirstToken() {
            return ttftMs == null && totalMs != null;
        }

        /** No total time (interrupted by a restart): counted, but there is nowhere to draw it. */
        boolean untimed() {
            return totalMs == null;
        }
    }

    /** Figures for the runs whose setting falls in {@code label}. */
    record Bucket(String label, LatencyFigures figures) {
    }

    /** Runs of the window by end status, in the enum's order (for the chart's legend). */
    Map<RunStatus, Integer> runsByStatus() {
        Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
        points.forEach(p -> counts.merge(p.status(), 1, Integer::sum));
        return counts;
    }

    /** The body of {@code GET /api/admin/metrics}. */
    Map<String, Object> toMetricsBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", window.code());
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("activeRuns", activeRuns);
        body.putAll(overall.toMap());
        Map<String, Object> models = new LinkedHashMap<>();
        byModel.forEach((model, figures) -> models.put(model, figures.toMap()));
        body.put("byModel", models);
        return body;
    }
}
