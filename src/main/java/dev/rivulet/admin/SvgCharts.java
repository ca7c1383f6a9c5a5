package dev.rivulet.admin;

import dev.rivulet.run.RunStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small server-rendered SVG charts, shown as plain elements: no chart library, no frontend bundle.
 * Every text that goes in is escaped.
 */
final class SvgCharts {

    static final Map<RunStatus, String> STATUS_COLOURS = Map.of(
            RunStatus.COMPLETED, "#2e7d32", RunStatus.CANCELLED, "#757575", RunStatus.TRUNCATED, "#ef6c00",
            RunStatus.FAILED, "#c62828", RunStatus.INTERRUPTED, "#6a1b9a", RunStatus.REFUSED, "#ad1457",
            RunStatus.RUNNING, "#1565c0");

    /** The chart's empty state; shown only when the window holds no ended run at all. */
    static final String NO_RUNS = "No finished runs in this window";

    private static final int WIDTH = 560;
    private static final int HEIGHT = 320;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;
    /** The lane left of the plot for runs that ended without a first token, drawn at their total time. */
    private static final int LANE = 56;
    private static final int LANE_GAP = 12;

    private SvgCharts() {
    }

    /** A bar of {@link #bars}: its label, its value (null for none) and a note such as how many runs it covers. */
    record Bar(String label, Double value, String note) {
    }

    /**
     * Send → first token (x) against send → end (y), one mark per run, coloured by end status. A run
     * that ended without a first token is a cross in the lane left of the plot, at its total time: it
     * is counted by the cards, so the chart shows it too. Only a run without any timing (interrupted
     * by a restart) cannot be drawn; the caption counts it.
     */
    static String scatter(List<Dashboard.Point> points) {
        List<Dashboard.Point> dots = points.stream().filter(Dashboard.Point::withFirstToken).toList();
        List<Dashboard.Point> lane = points.stream().filter(Dashboard.Point::withoutFirstToken).toList();
        long maxX = Math.max(1, dots.stream().mapToLong(Dashboard.Point::ttftMs).max().orElse(1));
        long maxY = Math.max(1, points.stream().filter(p -> p.totalMs() != null).mapToLong(Dashboard.Point::totalMs)
                .max().orElse(1));
        double niceX = nice(maxX);
        double niceY = nice(maxY);
        StringBuilder svg = open(scatterCaption(points));
        axes(svg, niceX, niceY, FigureLabels.SEND_TO_FIRST_TOKEN.toLowerCase(Locale.ROOT) + " (ms)",
                FigureLabels.SEND_TO_END.toLowerCase(Locale.ROOT) + " (ms)");
        for (Dashboard.Point p : dots) {
            double x = plotLeft() + p.ttftMs() / niceX * plotWidth();
            double y = TOP + plotHeight() - p.totalMs() / niceY * plotHeight();
            svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" fill-opacity=\"0.75\" class=\"point %s\">"
                            + "<title>%s · %s · %d ms to first token / %d ms to end</title></circle>",
                    x, y, STATUS_COLOURS.get(p.status()), p.status().wireName(), escape(p.model()),
                    p.status().wireName(), p.ttftMs(), p.totalMs()));
        }
        for (int i = 0; i < lane.size(); i++) {
            Dashboard.Point p = lane.get(i);
            // a small deterministic spread, so runs with the same total time do not hide each other
            double x = LEFT + LANE / 2.0 + ((i % 5) - 2) * 7;
            double y = TOP + plotHeight() - p.totalMs() / niceY * plotHeight();
            svg.append(String.format(Locale.ROOT,
                    "<path d=\"M%.1f %.1fl8 8m0 -8l-8 8\" stroke=\"%s\" stroke-width=\"2\" "
                            + "class=\"point no-first-token %s\"><title>%s · %s · no first token / %d ms to end"
                            + "</title></path>",
                    x - 4, y - 4, STATUS_COLOURS.get(p.status()), p.status().wireName(), escape(p.model()),
                    p.status().wireName(), p.totalMs()));
        }
        if (points.isEmpty()) {
            svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", NO_RUNS));
        } else if (dots.isEmpty() && lane.isEmpty()) {
            svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "None of the " + runs(points.size())
                    + " in this window has timings to draw"));
        }
        return svg.append("</svg>").toString();
    }

    /**
     * What the scatter shows, in words: as many runs as the cards count, split by where they are
     * drawn. The empty state appears only when the window has no ended run at all.
     */
    static String scatterCaption(List<Dashboard.Point> points) {
        if (points.isEmpty()) {
            return NO_RUNS;
        }
        long dots = points.stream().filter(Dashboard.Point::withFirstToken).count();
        long lane = points.stream().filter(Dashboard.Point::withoutFirstToken).count();
        long untimed = points.stream().filter(Dashboard.Point::untimed).count();
        StringBuilder caption = new StringBuilder(runs(points.size())).append(" in this window: ")
                .append(dots).append(" with a first token, ")
                .append(lane).append(" ended without a first token (× in the left lane)");
        if (untimed > 0) {
            caption.append(", ").append(untimed).append(" interrupted by a restart, without timings (not drawn)");
        }
        return caption.toString();
    }

    /** Horizontal bars: one row per label, bar length = value, e.g. p95 time to first token per model. */
    static String bars(String title, List<Bar> bars, String unit) {
        int rowHeight = 26;
        int height = TOP + Math.max(1, bars.size()) * rowHeight + 10;
        int labelWidth = 150;
        double max = nice(Math.max(1, bars.stream().map(Bar::value).filter(v -> v != null).mapToDouble(v -> v).max()
                .orElse(1)));
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
                        + "style=\"max-width:%dpx;font:12px sans-serif\"><title>%s</title>",
                WIDTH, height, WIDTH, escape(title)));
        int row = 0;
        for (Bar bar : bars) {
            double y = TOP + row * rowHeight;
            svg.append(text(labelWidth - 6, y + 15, "end", bar.label()));
            double value = bar.value() == null ? 0 : bar.value();
            double width = value / max * (WIDTH - labelWidth - 160);
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"#1565c0\"/>", labelWidth, y + 2,
                    width));
            String figure = bar.value() == null ? "–" : format(value) + " " + unit;
            svg.append(text(labelWidth + width + 6, y + 15, "start",
                    bar.note() == null || bar.note().isEmpty() ? figure : figure + " · " + bar.note()));
            row++;
        }
        if (bars.isEmpty()) {
            svg.append(text(WIDTH / 2.0, TOP + 15, "middle", NO_RUNS));
        }
        return svg.append("</svg>").toString();
    }

    /** "1 run", "2 runs". */
    static String runs(long count) {
        return count + (count == 1 ? " run" : " runs");
    }

    private static StringBuilder open(String title) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
                        + "style=\"max-width:%dpx;font:12px sans-serif\"><title>%s</title>",
                WIDTH, HEIGHT, WIDTH, escape(title)));
    }

    private static void axes(StringBuilder svg, double maxX, double maxY, String xLabel, String yLabel) {
        int bottom = TOP + plotHeight();
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                plotLeft(), bottom, plotLeft() + plotWidth(), bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                LEFT, TOP, LEFT, bottom));
        // the "no first token" lane: same total-time scale, no time to first token
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f5f5f5\" class=\"no-first-token-lane\"/>",
                LEFT + 1, TOP, LANE, plotHeight()));
        svg.append(text(LEFT + LANE / 2.0 + 1, bottom + 15, "middle", "no first"));
        svg.append(text(LEFT + LANE / 2.0 + 1, bottom + 28, "middle", "token"));
        for (int i = 0; i <= 4; i++) {
            double x = plotLeft() + i * plotWidth() / 4.0;
            double y = bottom - i * plotHeight() / 4.0;
            svg.append(text(x, bottom + 15, "middle", format(maxX * i / 4)));
            svg.append(text(LEFT - 6, y + 4, "end", format(maxY * i / 4)));
            if (i > 0) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, y,
                        plotLeft() + plotWidth(), y));
            }
        }
        svg.append(text(plotLeft() + plotWidth() / 2.0, HEIGHT - 10, "middle", xLabel));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>",
                TOP + plotHeight() / 2.0, TOP + plotHeight() / 2.0, escape(yLabel)));
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                escape(content));
    }

    private static int plotLeft() {
        return LEFT + LANE + LANE_GAP;
    }

    private static int plotWidth() {
        return WIDTH - plotLeft() - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double nice(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    static String format(double value) {
        return value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
