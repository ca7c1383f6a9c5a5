package dev.rivulet.admin;

import static dev.rivulet.base.Texts.escapeMarkup;

import dev.rivulet.run.RunStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small server-rendered SVG charts, shown as plain elements: no chart library, no frontend bundle.
 * Every text that goes in is escaped.
 */
public final class SvgCharts {

    public static final Map<RunStatus, String> STATUS_COLOURS = Map.of(
            RunStatus.COMPLETED, "#2e7d32", RunStatus.CANCELLED, "#757575", RunStatus.TRUNCATED, "#ef6c00",
            RunStatus.FAILED, "#c62828", RunStatus.INTERRUPTED, "#6a1b9a", RunStatus.REFUSED, "#ad1457",
            RunStatus.RUNNING, "#1565c0");

    /** The chart's empty state; shown only when the window holds no ended run at all. */
    public static final String NO_RUNS = "No finished runs in this window";

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
    public record Bar(String label, Double value, String note) {
    }

    /**
     * Send → first token (x) against send → end (y), as a grid of cells shaded by how many runs each
     * holds (on a log scale, so one run still shows beside a thousand) and coloured by the status most
     * of them ended in; a cell holding failed or interrupted runs among others is outlined in red.
     * Runs that ended without a first token are cells in the lane left of the plot, at their total
     * time: they are counted by the cards, so the chart shows them too. Only runs without any timing
     * (interrupted by a restart) cannot be drawn; the caption counts them. Each cell's tooltip and
     * {@code data-runs} say how many runs it holds.
     */
    public static String scatter(Dashboard.Scatter scatter) {
        double niceX = scatter.xMaxMs();
        double niceY = scatter.yMaxMs();
        StringBuilder svg = open(scatterCaption(scatter));
        axes(svg, niceX, niceY, FigureLabels.SEND_TO_FIRST_TOKEN.toLowerCase(Locale.ROOT) + " (ms)",
                FigureLabels.SEND_TO_END.toLowerCase(Locale.ROOT) + " (ms)");
        int most = scatter.cells().stream().mapToInt(Dashboard.Cell::runs).max().orElse(1);
        double width = (double) plotWidth() / Dashboard.Scatter.COLUMNS;
        double height = (double) plotHeight() / Dashboard.Scatter.ROWS;
        double xStep = niceX / Dashboard.Scatter.COLUMNS;
        double yStep = niceY / Dashboard.Scatter.ROWS;
        // in a fixed order, so the same figures draw the same picture
        List<Dashboard.Cell> cells = scatter.cells().stream().filter(c -> !c.untimed())
                .sorted(Comparator.comparing((Dashboard.Cell c) -> c.column() == null ? -1 : c.column())
                        .thenComparing(Dashboard.Cell::row)).toList();
        for (Dashboard.Cell cell : cells) {
            boolean lane = cell.inLane();
            double x = lane ? LEFT + 5 : plotLeft() + cell.column() * width;
            double y = TOP + plotHeight() - (cell.row() + 1) * height;
            double opacity = 0.25 + 0.75 * Math.log1p(cell.runs()) / Math.log1p(most);
            RunStatus mostly = cell.mostly();
            boolean outlined = cell.errors() > 0 && mostly != RunStatus.FAILED && mostly != RunStatus.INTERRUPTED;
            String firstToken = lane ? "no first token"
                    : range(cell.column() * xStep, (cell.column() + 1) * xStep) + " ms to first token";
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"%s "
                            + "class=\"cell%s %s\" data-runs=\"%d\"><title>%s · %s · %s / %s ms to end</title></rect>",
                    x, y, lane ? LANE - 9.0 : width - 0.5, height - 0.5, STATUS_COLOURS.get(mostly), opacity,
                    outlined ? " stroke=\"" + STATUS_COLOURS.get(RunStatus.FAILED) + "\" stroke-width=\"1.5\"" : "",
                    lane ? " no-first-token" : "", mostly.wireName(), cell.runs(), runs(cell.runs()),
                    escapeMarkup(byStatus(cell)), firstToken, range(cell.row() * yStep, (cell.row() + 1) * yStep)));
        }
        if (scatter.runs() == 0) {
            svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", NO_RUNS));
        } else if (cells.isEmpty()) {
            svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "None of the " + runs(scatter.runs())
                    + " in this window has timings to draw"));
        }
        return svg.append("</svg>").toString();
    }

    /** "3 completed, 1 failed", in the enum's order. */
    private static String byStatus(Dashboard.Cell cell) {
        StringBuilder text = new StringBuilder();
        for (RunStatus status : RunStatus.values()) {
            Integer n = cell.byStatus().get(status);
            if (n != null) {
                text.append(text.isEmpty() ? "" : ", ").append(n).append(' ').append(status.wireName());
            }
        }
        return text.toString();
    }

    /** "100–112.5": a cell's bounds, unrounded (a cell is a 40th of an axis that ends on 1, 2 or 5 × 10ⁿ). */
    private static String range(double from, double to) {
        return exact(from) + "–" + exact(to);
    }

    private static String exact(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * What the scatter shows, in words: as many runs as the cards count, split by where they are
     * drawn. The empty state appears only when the window has no ended run at all.
     */
    public static String scatterCaption(Dashboard.Scatter scatter) {
        if (scatter.runs() == 0) {
            return NO_RUNS;
        }
        StringBuilder caption = new StringBuilder(runs(scatter.runs())).append(" in this window: ")
                .append(scatter.withFirstToken()).append(" with a first token, ")
                .append(scatter.withoutFirstToken()).append(" ended without a first token (left lane)");
        if (scatter.untimed() > 0) {
            caption.append(", ").append(scatter.untimed())
                    .append(" interrupted by a restart, without timings (not drawn)");
        }
        return caption.append(". Each cell counts the runs in it: the darker, the more.").toString();
    }

    /** Horizontal bars: one row per label, bar length = value, e.g. p95 time to first token per model. */
    public static String bars(String title, List<Bar> bars, String unit) {
        int rowHeight = 26;
        int height = TOP + Math.max(1, bars.size()) * rowHeight + 10;
        int labelWidth = 150;
        double max = nice(Math.max(1, bars.stream().map(Bar::value).filter(v -> v != null).mapToDouble(v -> v).max()
                .orElse(1)));
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
                        + "style=\"max-width:%dpx;font:12px sans-serif\"><title>%s</title>",
                WIDTH, height, WIDTH, escapeMarkup(title)));
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
    public static String runs(long count) {
        return count + (count == 1 ? " run" : " runs");
    }

    private static StringBuilder open(String title) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
                        + "style=\"max-width:%dpx;font:12px sans-serif\"><title>%s</title>",
                WIDTH, HEIGHT, WIDTH, escapeMarkup(title)));
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
                TOP + plotHeight() / 2.0, TOP + plotHeight() / 2.0, escapeMarkup(yLabel)));
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                escapeMarkup(content));
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

    public static String format(double value) {
        return value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
