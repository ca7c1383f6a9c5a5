package dev.rivulet.loadbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chart, as SVG written by hand: relay latency against the number of streams in flight when the
 * token was emitted (left) and time to first token against the streams in flight when the message was
 * sent (right), p50 dashed and p99 solid, one colour per system, log scale. Every measured level of a
 * system feeds its curves (the ramp of one level alone already covers 0 to its peak).
 */
final class SvgChart {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 460;
    private static final int PANEL_WIDTH = 430;
    private static final int PANEL_HEIGHT = 320;
    private static final int TOP = 70;
    private static final Map<String, String> COLOURS = Map.of("floor", "#7f7f7f", "reference", "#1f77b4",
            "rivulet", "#e4572e");

    private record Series(String system, double[] x, double[] p50, double[] p99) {
    }

    private SvgChart() {
    }

    static String render(List<Report.SystemResult> systems, Map<String, Object> machine, BenchConfig config) {
        int maxX = 1;
        for (Report.SystemResult s : systems) {
            for (Batch b : s.levels) {
                maxX = Math.max(maxX, b.peakInflight);
            }
        }
        List<Series> relay = new ArrayList<>();
        List<Series> ttft = new ArrayList<>();
        for (Report.SystemResult s : systems) {
            relay.add(series(s.name, s.levels, true, maxX));
            ttft.add(series(s.name, s.levels, false, maxX));
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(20, 24, "Rivulet load benchmark: latency against concurrent streams", "start", 16, "bold"));
        svg.append(text(20, 44, escape(config.tokens() + " tokens at " + LoadBenchmark.fmt(config.rate())
                + " tokens/s per stream, levels " + config.streams() + " over " + LoadBenchmark.fmt(config.rampSeconds())
                + " s, flush=" + config.flush() + " · " + machine.get("nproc") + " cores, " + machine.get("memory")
                + " · commit " + String.valueOf(machine.get("commit")).substring(0, Math.min(12,
                        String.valueOf(machine.get("commit")).length())) + " · " + machine.get("date")), "start", 11, "normal"));
        panel(svg, 70, "relay latency (ms): model server emits → client has the token",
                "streams in flight when the token was emitted", relay, maxX);
        panel(svg, 70 + PANEL_WIDTH + 90, "time to first token (ms): send → first token",
                "streams in flight when the message was sent", ttft, maxX);
        // legend
        int lx = 70;
        int ly = HEIGHT - 22;
        for (Report.SystemResult s : systems) {
            String colour = COLOURS.getOrDefault(s.name, "black");
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2.5\"/>\n", lx, ly - 4, lx + 24, ly - 4, colour));
            svg.append(text(lx + 30, ly, s.name, "start", 12, "normal"));
            lx += 130;
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" "
                + "stroke-width=\"2\"/>\n", lx, ly - 4, lx + 24, ly - 4));
        svg.append(text(lx + 30, ly, "p99", "start", 12, "normal"));
        lx += 80;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" "
                + "stroke-width=\"2\" stroke-dasharray=\"5,4\"/>\n", lx, ly - 4, lx + 24, ly - 4));
        svg.append(text(lx + 30, ly, "p50", "start", 12, "normal"));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static Series series(String system, List<Batch> levels, boolean relay, int maxX) {
        int buckets = Math.max(1, Math.min(relay ? 16 : 10, maxX));
        double width = (maxX + 1) / (double) buckets;
        List<List<Long>> values = new ArrayList<>();
        double[] sumX = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            values.add(new ArrayList<>());
        }
        for (Batch b : levels) {
            long[] v = relay ? b.relayMicros : b.ttftMicros;
            int[] at = relay ? b.relayInflight : b.ttftInflight;
            for (int i = 0; i < v.length; i++) {
                int bucket = Math.min(buckets - 1, (int) (at[i] / width));
                values.get(bucket).add(v[i]);
                sumX[bucket] += at[i];
            }
        }
        int minCount = relay ? 20 : 3;
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            List<Long> list = values.get(i);
            if (list.size() < minCount) {
                continue;
            }
            long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
            points.add(new double[] {sumX[i] / list.size(), Batch.percentileMs(sorted, 0.5),
                    Batch.percentileMs(sorted, 0.99)});
        }
        return new Series(system, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray(), points.stream().mapToDouble(p -> p[2]).toArray());
    }

    private static void panel(StringBuilder svg, int left, String title, String xLabel, List<Series> series, int maxX) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : series) {
            for (double v : s.p50) {
                min = Math.min(min, Math.max(v, 0.01));
            }
            for (double v : s.p99) {
                max = Math.max(max, v);
            }
        }
        if (max <= 0) {
            min = 0.1;
            max = 10;
        }
        double lo = Math.floor(Math.log10(Math.max(min, 0.01)));
        double hi = Math.ceil(Math.log10(Math.max(max, min * 10)));
        if (hi <= lo) {
            hi = lo + 1;
        }
        int top = TOP;
        int bottom = TOP + PANEL_HEIGHT;
        svg.append(text(left, top - 12, escape(title), "start", 12, "bold"));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>\n", left, top, PANEL_WIDTH, PANEL_HEIGHT));
        for (double d = lo; d <= hi + 1e-9; d++) {
            double y = y(Math.pow(10, d), lo, hi, top, bottom);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                    left, y, left + PANEL_WIDTH, y));
            svg.append(text(left - 6, (int) Math.round(y) + 4, label(Math.pow(10, d)), "end", 11, "normal"));
        }
        int ticks = 5;
        for (int i = 0; i <= ticks; i++) {
            double value = maxX * i / (double) ticks;
            double x = left + PANEL_WIDTH * value / maxX;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>\n",
                    x, bottom, x, bottom + 5));
            svg.append(text((int) Math.round(x), bottom + 18, Long.toString(Math.round(value)), "middle", 11, "normal"));
        }
        svg.append(text(left + PANEL_WIDTH / 2, bottom + 36, escape(xLabel), "middle", 11, "normal"));
        for (Series s : series) {
            String colour = COLOURS.getOrDefault(s.system, "black");
            polyline(svg, s.x, s.p99, left, maxX, lo, hi, top, bottom, colour, null);
            polyline(svg, s.x, s.p50, left, maxX, lo, hi, top, bottom, colour, "5,4");
        }
    }

    private static void polyline(StringBuilder svg, double[] xs, double[] ys, int left, int maxX, double lo, double hi,
            int top, int bottom, String colour, String dash) {
        if (xs.length == 0) {
            return;
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            double x = left + PANEL_WIDTH * xs[i] / maxX;
            double y = y(Math.max(ys[i], Math.pow(10, lo)), lo, hi, top, bottom);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"%s\"/>\n", x, y, colour));
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                points.toString().strip(), colour, dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
    }

    private static double y(double value, double lo, double hi, int top, int bottom) {
        double t = (Math.log10(value) - lo) / (hi - lo);
        return bottom - t * (bottom - top);
    }

    private static String label(double value) {
        if (value >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 1) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%s", Double.toString(value).replaceAll("0+$", ""));
    }

    private static String text(int x, int y, String content, String anchor, int size, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\" "
                + "font-weight=\"%s\">%s</text>\n", x, y, anchor, size, weight, content);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
