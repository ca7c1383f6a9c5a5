package dev.rivulet.admin;

import dev.rivulet.run.RunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the dashboard shows for one window: overall and per-model figures, one point per run
 * for the scatter, and figures by temperature and max-token bucket.
 */
record Dashboard(LatencyWindow window, Instant from, Instant to, int activeRuns, LatencyFigures overall,
        Map<String, LatencyFigures> byModel, List<Point> points, List<Bucket> byTemperature,
        List<Bucket> byMaxTokens) {

    /** One ended run on the scatter: time to first token against total time. */
    record Point(UUID runId, String model, RunStatus status, long ttftMs, long totalMs) {
    }

    /** Figures for the runs whose setting falls in {@code label}. */
    record Bucket(String label, LatencyFigures figures) {
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
