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
            RunStatus.FAILED, "#c62828", RunStatus.INTERRUPTED, "#6a1b9a", RunStatus.RUNNING, "#1565c0");

    private static final int WIDTH = 560;
    private static final int HEIGHT = 320;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    private SvgCharts() {
    }

    /** Time to first token (x) against total time (y), one dot per run, coloured by end status. */
    static String scatter(List<Dashboard.Point> points) {
        long maxX = Math.max(1, points.stream().mapToLong(Dashboard.Point::ttftMs).max().orElse(1));
        long maxY = Math.max(1, points.stream().mapToLong(Dashboard.Point::totalMs).max().orElse(1));
        double niceX = nice(maxX);
        double niceY = nice(maxY);
        StringBuilder svg = open("Time to first token against total time per run");
        axes(svg, niceX, niceY, "time to first token (ms)", "total time (ms)");
        for (Dashboard.Point p : points) {
            double x = LEFT + p.ttftMs() / niceX * plotWidth();
            double y = TOP + plotHeight() - p.totalMs() / niceY * plotHeight();
            svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" fill-opacity=\"0.75\" class=\"point %s\">"
                            + "<title>%s · %s · %d ms / %d ms</title></circle>",
                    x, y, STATUS_COLOURS.get(p.status()), p.status().wireName(), escape(p.model()),
                    p.status().wireName(), p.ttftMs(), p.totalMs()));
        }
        if (points.isEmpty()) {
            svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "No finished runs in this window"));
        }
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars: one row per label, bar length = value, e.g. p95 time to first token per model. */
    static String bars(String title, Map<String, Double> values, String unit) {
        int rowHeight = 26;
        int height = TOP + Math.max(1, values.size()) * rowHeight + 10;
        int labelWidth = 150;
        double max = nice(Math.max(1, values.values().stream().filter(v -> v != null).mapToDouble(v -> v).max()
                .orElse(1)));
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
                        + "style=\"max-width:%dpx;font:12px sans-serif\"><title>%s</title>",
                WIDTH, height, WIDTH, escape(title)));
        int row = 0;
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            double y = TOP + row * rowHeight;
            svg.append(text(labelWidth - 6, y + 15, "end", entry.getKey()));
            double value = entry.getValue() == null ? 0 : entry.getValue();
            double width = value / max * (WIDTH - labelWidth - 80);
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"#1565c0\"/>", labelWidth, y + 2,
                    width));
            svg.append(text(labelWidth + width + 6, y + 15, "start",
                    entry.getValue() == null ? "–" : format(value) + " " + unit));
            row++;
        }
        if (values.isEmpty()) {
            svg.append(text(WIDTH / 2.0, TOP + 15, "middle", "No data"));
        }
        return svg.append("</svg>").toString();
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
                LEFT, bottom, LEFT + plotWidth(), bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                LEFT, TOP, LEFT, bottom));
        for (int i = 0; i <= 4; i++) {
            double x = LEFT + i * plotWidth() / 4.0;
            double y = bottom - i * plotHeight() / 4.0;
            svg.append(text(x, bottom + 15, "middle", format(maxX * i / 4)));
            svg.append(text(LEFT - 6, y + 4, "end", format(maxY * i / 4)));
            if (i > 0) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, y,
                        LEFT + plotWidth(), y));
            }
        }
        svg.append(text(LEFT + plotWidth() / 2.0, HEIGHT - 10, "middle", xLabel));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>",
                TOP + plotHeight() / 2.0, TOP + plotHeight() / 2.0, escape(yLabel)));
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                escape(content));
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
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
