package dev.rivulet.admin.ui;

import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.rivulet.admin.Dashboard;
import dev.rivulet.admin.DashboardBroadcaster;
import dev.rivulet.admin.DashboardService;
import dev.rivulet.admin.FigureLabels;
import dev.rivulet.admin.LatencyFigures;
import dev.rivulet.admin.LatencyWindow;
import dev.rivulet.admin.Percentiles;
import dev.rivulet.admin.SvgCharts;
import dev.rivulet.run.RunStatus;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Latency dashboard: p50/p95/p99 of send → first token, send → end and the model's own eval rate,
 * runs and error rate, active runs, all by model; a binned scatter of send → first token against send → end;
 * figures by temperature and max-token bucket. Refreshes over push when runs end, whatever the end
 * (at most once a second).
 *
 * <p>Every figure comes from one {@link Dashboard}, so the cards, tables and charts count the same
 * runs; where a figure covers fewer runs than the window holds (no first token, no rate), it says
 * over how many.
 */
@Route("admin")
@PageTitle("Dashboard · Rivulet")
@Menu(title = "Dashboard", order = 10)
@RolesAllowed("ADMIN")
class DashboardView extends VerticalLayout {

    private static final String P95_TITLE = "p95 " + FigureLabels.SEND_TO_FIRST_TOKEN.toLowerCase(Locale.ROOT)
            + " by model";

    private final DashboardService service;

    private final Select<LatencyWindow> window = new Select<>();
    private final FlexLayout cards = new FlexLayout();
    final Grid<Map.Entry<String, LatencyFigures>> byModel = figuresGrid("Model");
    private final Svg scatter = new Svg();
    final Span scatterCaption = new Span();
    private final Div legend = new Div();
    private final Svg ttftByModel = new Svg();
    private final Grid<Map.Entry<String, LatencyFigures>> byTemperature = figuresGrid("Temperature");
    private final Grid<Map.Entry<String, LatencyFigures>> byMaxTokens = figuresGrid("Max tokens");
    private Dashboard shown;
    private String scatterSvg;

    DashboardView(DashboardService service, DashboardBroadcaster broadcaster) {
        this.service = service;
        broadcaster.refreshWhileAttached(this, this::refresh);
        setWidthFull();

        window.setLabel("Window");
        window.setItems(LatencyWindow.values());
        window.setItemLabelGenerator(LatencyWindow::label);
        window.setValue(LatencyWindow.DEFAULT);
        window.setId("dashboard-window");
        window.addValueChangeListener(e -> refresh());

        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        cards.getStyle().set("gap", "var(--lumo-space-m)");
        cards.setId("dashboard-cards");
        scatter.setId("ttft-scatter");
        scatter.getElement().getStyle().set("width", "100%");
        ttftByModel.getElement().getStyle().set("width", "100%");
        byModel.setId("by-model");
        byTemperature.setId("by-temperature");
        byMaxTokens.setId("by-max-tokens");

        scatterCaption.setId("ttft-scatter-caption");
        scatterCaption.addClassNames("text-s", "text-secondary");
        legend.setId("ttft-scatter-legend");
        Span explanation = new Span(FigureLabels.EXPLANATION);
        explanation.setId("figures-explained");
        explanation.addClassNames("text-s", "text-secondary");

        String scatterTitle = FigureLabels.SEND_TO_FIRST_TOKEN + " against "
                + FigureLabels.SEND_TO_END.toLowerCase(Locale.ROOT);
        add(new H2("Dashboard"), window, cards, explanation, new H3("By model"), byModel, new H3(scatterTitle),
                scatterCaption, scatter, legend, new H3(P95_TITLE), ttftByModel, new H3("By temperature"),
                byTemperature, new H3("By max tokens"), byMaxTokens);
        refresh();
    }

    /** What is on screen now (for tests). */
    Dashboard shown() {
        return shown;
    }

    /** The scatter's SVG now on screen (for tests). */
    String scatterSvg() {
        return scatterSvg;
    }

    void refresh() {
        Dashboard dashboard = service.snapshot(window.getValue());
        shown = dashboard;
        LatencyFigures all = dashboard.overall();
        cards.removeAll();
        Duration age = Duration.between(dashboard.to(), Instant.now());
        String asOf = age.toSeconds() < 2 ? "" : " · as of " + (age.toMinutes() > 0 ? age.toMinutes() + " min"
                : age.toSeconds() + " s") + " ago";
        cards.add(card("Runs", Integer.toString(all.runs()), "started in the window and ended" + asOf, "runs"),
                card("Error rate", percent(all.errorRate()) + " (" + all.errors() + ")", "failed or interrupted",
                        "error-rate"),
                card("Active runs now", Integer.toString(dashboard.activeRuns()), "on this instance", "active-runs"),
                card(FigureLabels.SEND_TO_FIRST_TOKEN + " p50 / p95 / p99", triple(all.ttftMs(), "ms"),
                        firstTokenCoverage(all), "ttft"),
                card(FigureLabels.SEND_TO_END + " p50 / p95 / p99", triple(all.totalMs(), "ms"),
                        coverage(all.totalMs(), all.runs()), "total"),
                card(FigureLabels.MODEL_EVAL_RATE + " p50 / p95 / p99",
                        triple(all.tokensPerSecond(), FigureLabels.TOKENS_PER_SECOND),
                        coverage(all.tokensPerSecond(), all.runs()), "tps"));
        byModel.setItems(List.copyOf(dashboard.byModel().entrySet()));
        scatterSvg = SvgCharts.scatter(dashboard.scatter());
        scatter.setSvg(scatterSvg);
        scatterCaption.setText(SvgCharts.scatterCaption(dashboard.scatter()));
        legend.removeAll();
        Map<RunStatus, Integer> byStatus = dashboard.scatter().runsByStatus();
        for (RunStatus status : RunStatus.values()) {
            if (status == RunStatus.RUNNING) {
                continue; // the dashboard shows ended runs only
            }
            Span item = new Span("● " + status.wireName() + " " + byStatus.getOrDefault(status, 0) + "   ");
            item.getStyle().set("color", SvgCharts.STATUS_COLOURS.get(status));
            legend.add(item);
        }
        legend.add(new Span("left lane: ended without a first token · a cell takes the colour of most of its runs,"
                + " outlined in red when some of them failed"));
        List<SvgCharts.Bar> p95 = new ArrayList<>();
        dashboard.byModel().forEach((model, figures) -> p95.add(new SvgCharts.Bar(model, figures.ttftMs().p95(),
                barNote(figures))));
        ttftByModel.setSvg(SvgCharts.bars(P95_TITLE, p95, "ms"));
        byTemperature.setItems(dashboard.byTemperature().stream()
                .map(b -> Map.entry(b.label(), b.figures())).toList());
        byMaxTokens.setItems(dashboard.byMaxTokens().stream()
                .map(b -> Map.entry(b.label(), b.figures())).toList());
    }

    private static Grid<Map.Entry<String, LatencyFigures>> figuresGrid(String first) {
        Grid<Map.Entry<String, LatencyFigures>> grid = new Grid<>();
        grid.addColumn(Map.Entry::getKey).setHeader(first).setAutoWidth(true);
        column(grid, "Runs", "runs", f -> Integer.toString(f.runs()));
        column(grid, "Errors", "errors", f -> f.errors() + " (" + percent(f.errorRate()) + ")");
        column(grid, FigureLabels.SEND_TO_FIRST_TOKEN + " p50/p95/p99 ms", "ttft",
                f -> triple(f.ttftMs(), "") + of(f.ttftMs(), f.runs()));
        column(grid, FigureLabels.SEND_TO_END + " p50/p95/p99 ms", "total",
                f -> triple(f.totalMs(), "") + of(f.totalMs(), f.runs()));
        column(grid, FigureLabels.MODEL_EVAL_RATE + " p50/p95/p99 " + FigureLabels.TOKENS_PER_SECOND, "tps",
                f -> triple(f.tokensPerSecond(), "") + of(f.tokensPerSecond(), f.runs()));
        grid.setAllRowsVisible(true);
        return grid;
    }

    private static void column(Grid<Map.Entry<String, LatencyFigures>> grid, String header, String key,
            Function<LatencyFigures, String> value) {
        grid.addColumn(entry -> value.apply(entry.getValue())).setHeader(header).setKey(key).setAutoWidth(true);
    }

    private static Div card(String title, String value, String note, String id) {
        Span label = new Span(title);
        label.addClassNames("text-s", "text-secondary");
        Span figure = new Span(value);
        figure.addClassNames("text-xl", "font-semibold");
        figure.setId("card-" + id);
        Span remark = new Span(note);
        remark.addClassNames("text-xs", "text-secondary");
        remark.setId("card-" + id + "-note");
        Div card = new Div(label, new Div(figure), new Div(remark));
        card.addClassNames("p-m", "border", "rounded-m");
        card.setMinWidth("12em");
        return card;
    }

    static String triple(Percentiles p, String unit) {
        if (p.p50() == null) {
            return "–";
        }
        return SvgCharts.format(p.p50()) + " / " + SvgCharts.format(p.p95()) + " / " + SvgCharts.format(p.p99())
                + (unit.isEmpty() ? "" : " " + unit);
    }

    /** " (5 of 6)" after a table's figure that covers fewer runs than the row counts; nothing otherwise. */
    static String of(Percentiles p, int runs) {
        return p.count() == runs ? "" : " (" + p.count() + " of " + runs + ")";
    }

    /** Over how many of the window's runs a figure is: "over all 6 runs", "over 5 of 6 runs". */
    static String coverage(Percentiles p, int runs) {
        if (runs == 0) {
            return "no runs";
        }
        if (p.count() == runs) {
            return runs == 1 ? "over the 1 run" : "over all " + runs + " runs";
        }
        if (p.count() == 0) {
            return "none of the " + SvgCharts.runs(runs) + " has one";
        }
        return "over " + p.count() + " of " + SvgCharts.runs(runs);
    }

    /** After a model's p95 bar: how many of its runs the bar is over. */
    static String barNote(LatencyFigures figures) {
        int with = figures.ttftMs().count();
        if (with == figures.runs()) {
            return SvgCharts.runs(with);
        }
        return with == 0 ? "no first token (" + SvgCharts.runs(figures.runs()) + ")"
                : with + " of " + SvgCharts.runs(figures.runs());
    }

    static String firstTokenCoverage(LatencyFigures figures) {
        String coverage = coverage(figures.ttftMs(), figures.runs());
        int without = figures.withoutFirstToken();
        return without == 0 ? coverage : coverage + " · " + without + " ended without a first token";
    }

    private static String percent(double rate) {
        return SvgCharts.format(rate * 100) + " %";
    }
}
