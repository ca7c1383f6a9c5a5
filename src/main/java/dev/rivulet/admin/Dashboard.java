package dev.rivulet.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.rivulet.run.RunStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the dashboard shows for one window: overall and per-model figures, the scatter as a
 * grid of counts, and figures by temperature and max-token bucket. Every part is computed from the
 * same runs (those that started in the window and have ended, read in one database snapshot by
 * {@link DashboardQueries}), so the cards, the chart and the tables always count the same runs: the
 * scatter's cells add up to every run {@code overall} counts.
 */
public record Dashboard(LatencyWindow window, Instant from, Instant to, int activeRuns, LatencyFigures overall,
        Map<String, LatencyFigures> byModel, Scatter scatter, List<Bucket> byTemperature, List<Bucket> byMaxTokens) {

    /** The same figures with the count of runs in progress now (which is never reused). */
    Dashboard withActiveRuns(int active) {
        return new Dashboard(window, from, to, active, overall, byModel, scatter, byTemperature, byMaxTokens);
    }

    /**
     * Send → first token (x) against send → end (y), binned into a grid of
     * {@link #COLUMNS} × {@link #ROWS} cells over {@code [0, xMaxMs]} ×
     * {@code [0, yMaxMs]}: a week of runs is at most a thousand cells, not one mark per run.
     */
    public record Scatter(long xMaxMs, long yMaxMs, List<Cell> cells) {

        /** The grid: columns of send → first token, rows of send → end. */
        public static final int COLUMNS = 40;
        public static final int ROWS = 25;

        public int runs() {
            return cells.stream().mapToInt(Cell::runs).sum();
        }

        int withFirstToken() {
            return cells.stream().filter(Cell::plotted).mapToInt(Cell::runs).sum();
        }

        public int withoutFirstToken() {
            return cells.stream().filter(Cell::inLane).mapToInt(Cell::runs).sum();
        }

        int untimed() {
            return cells.stream().filter(Cell::untimed).mapToInt(Cell::runs).sum();
        }

        /** Runs by end status, in the enum's order (for the chart's legend). */
        public Map<RunStatus, Integer> runsByStatus() {
            Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
            cells.forEach(c -> c.byStatus().forEach((status, n) -> counts.merge(status, n, Integer::sum)));
            return counts;
        }
    }

    /**
     * The runs of one cell, by end status. {@code column} is null for runs that ended before their
     * first token (the "no first token" lane, at their total time); {@code row} is null for runs
     * without any timing (interrupted by a restart), which are counted but have nowhere to be drawn.
     */
    public record Cell(Integer column, Integer row, Map<RunStatus, Integer> byStatus) {

        int runs() {
            return byStatus.values().stream().mapToInt(Integer::intValue).sum();
        }

        boolean plotted() {
            return column != null && row != null;
        }

        public boolean inLane() {
            return column == null && row != null;
        }

        boolean untimed() {
            return row == null;
        }

        /** The status most of its runs ended in (the first in the enum's order on a tie): its colour. */
        RunStatus mostly() {
            return byStatus.entrySet().stream().max(Map.Entry.<RunStatus, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .map(Map.Entry::getKey).orElseThrow();
        }

        int errors() {
            return byStatus.getOrDefault(RunStatus.FAILED, 0) + byStatus.getOrDefault(RunStatus.INTERRUPTED, 0);
        }
    }

    /** Figures for the runs whose setting falls in {@code label}. */
    public record Bucket(String label, LatencyFigures figures) {
    }

    /** The body of {@code GET /api/admin/metrics}: the window, the overall figures at the top level, then by model. */
    record AdminMetricsBody(String window, String from, String to, int activeRuns,
            @JsonUnwrapped LatencyFigures.LatencyFiguresBody overall,
            Map<String, LatencyFigures.LatencyFiguresBody> byModel) {
    }

    AdminMetricsBody toMetricsBody() {
        Map<String, LatencyFigures.LatencyFiguresBody> models = new LinkedHashMap<>();
        byModel.forEach((model, figures) -> models.put(model, figures.toBody()));
        return new AdminMetricsBody(window.code(), from.toString(), to.toString(), activeRuns, overall.toBody(), models);
    }
}
