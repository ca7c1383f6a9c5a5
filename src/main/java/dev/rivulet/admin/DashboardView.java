package dev.rivulet.admin;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.UI;
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
import jakarta.annotation.security.RolesAllowed;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Latency dashboard: p50/p95/p99 of time to first token, total time and tokens per second, runs and
 * error rate, active runs, all by model; a scatter of TTFT against total time; figures by
 * temperature and max-token bucket. Refreshes over push when runs end (at most once a second).
 */
@Route("admin")
@PageTitle("Dashboard · Rivulet")
@Menu(title = "Dashboard", order = 10)
@RolesAllowed("ADMIN")
public class DashboardView extends VerticalLayout {

    private final DashboardService service;
    private final DashboardBroadcaster broadcaster;

    private final Select<LatencyWindow> window = new Select<>();
    private final FlexLayout cards = new FlexLayout();
    private final Grid<Map.Entry<String, LatencyFigures>> byModel = figuresGrid("Model");
    private final Svg scatter = new Svg();
    private final Svg ttftByModel = new Svg();
    private final Grid<Map.Entry<String, LatencyFigures>> byTemperature = figuresGrid("Temperature");
    private final Grid<Map.Entry<String, LatencyFigures>> byMaxTokens = figuresGrid("Max tokens");
    private Dashboard shown;
    private Runnable unregister;

    DashboardView(DashboardService service, DashboardBroadcaster broadcaster) {
        this.service = service;
        this.broadcaster = broadcaster;
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

        Div legend = new Div();
        SvgCharts.STATUS_COLOURS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Span item = new Span("● " + entry.getKey().wireName() + "  ");
            item.getStyle().set("color", entry.getValue());
            legend.add(item);
        });

        add(new H2("Dashboard"), window, cards, new H3("By model"), byModel, new H3("Time to first token against total time"),
                scatter, legend, new H3("p95 time to first token by model"), ttftByModel,
                new H3("By temperature"), byTemperature, new H3("By max tokens"), byMaxTokens);
        refresh();
    }

    /** What is on screen now (for tests). */
    Dashboard shown() {
        return shown;
    }

    void refresh() {
        Dashboard dashboard = service.snapshot(window.getValue());
        shown = dashboard;
        LatencyFigures all = dashboard.overall();
        cards.removeAll();
        cards.add(card("Runs", Integer.toString(all.runs()), "runs"),
                card("Error rate", percent(all.errorRate()) + " (" + all.errors() + ")", "error-rate"),
                card("Active runs now", Integer.toString(dashboard.activeRuns()), "active-runs"),
                card("TTFT p50 / p95 / p99", triple(all.ttftMs(), "ms"), "ttft"),
                card("Total p50 / p95 / p99", triple(all.totalMs(), "ms"), "total"),
                card("Tokens/s p50 / p95 / p99", triple(all.tokensPerSecond(), ""), "tps"));
        byModel.setItems(List.copyOf(dashboard.byModel().entrySet()));
        scatter.setSvg(SvgCharts.scatter(dashboard.points()));
        Map<String, Double> p95 = new LinkedHashMap<>();
        dashboard.byModel().forEach((model, figures) -> p95.put(model, figures.ttftMs().p95()));
        ttftByModel.setSvg(SvgCharts.bars("p95 time to first token by model", p95, "ms"));
        byTemperature.setItems(dashboard.byTemperature().stream()
                .map(b -> Map.entry(b.label(), b.figures())).toList());
        byMaxTokens.setItems(dashboard.byMaxTokens().stream()
                .map(b -> Map.entry(b.label(), b.figures())).toList());
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        // the refresh runs on the broadcaster's thread: it acts as the admin who opened the view
        SecurityContext viewer = SecurityContextHolder.createEmptyContext();
        viewer.setAuthentication(SecurityContextHolder.getContext().getAuthentication());
        unregister = broadcaster.register(() -> ui.access(() -> asViewer(viewer, this::refresh)));
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (unregister != null) {
            unregister.run();
            unregister = null;
        }
        super.onDetach(detachEvent);
    }

    private static void asViewer(SecurityContext viewer, Runnable action) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(viewer);
        try {
            action.run();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    private static Grid<Map.Entry<String, LatencyFigures>> figuresGrid(String first) {
        Grid<Map.Entry<String, LatencyFigures>> grid = new Grid<>();
        grid.addColumn(Map.Entry::getKey).setHeader(first).setAutoWidth(true);
        column(grid, "Runs", f -> Integer.toString(f.runs()));
        column(grid, "Errors", f -> f.errors() + " (" + percent(f.errorRate()) + ")");
        column(grid, "TTFT p50/p95/p99 ms", f -> triple(f.ttftMs(), ""));
        column(grid, "Total p50/p95/p99 ms", f -> triple(f.totalMs(), ""));
        column(grid, "Tokens/s p50/p95/p99", f -> triple(f.tokensPerSecond(), ""));
        grid.setAllRowsVisible(true);
        return grid;
    }

    private static void column(Grid<Map.Entry<String, LatencyFigures>> grid, String header,
            Function<LatencyFigures, String> value) {
        grid.addColumn(entry -> value.apply(entry.getValue())).setHeader(header).setAutoWidth(true);
    }

    private static Div card(String title, String value, String id) {
        Span label = new Span(title);
        label.addClassNames("text-s", "text-secondary");
        Span figure = new Span(value);
        figure.addClassNames("text-xl", "font-semibold");
        figure.setId("card-" + id);
        Div card = new Div(label, new Div(figure));
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

    private static String percent(double rate) {
        return SvgCharts.format(rate * 100) + " %";
    }
}
