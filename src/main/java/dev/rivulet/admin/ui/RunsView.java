package dev.rivulet.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.rivulet.admin.AdminRunService;
import dev.rivulet.admin.DashboardBroadcaster;
import dev.rivulet.admin.FigureLabels;
import dev.rivulet.admin.SvgCharts;
import dev.rivulet.base.NotFoundException;
import dev.rivulet.run.RunQuery;
import dev.rivulet.run.RunStatus;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recorded runs, filterable, each with its redacted stream log. The list follows runs ending (over
 * {@link DashboardBroadcaster}), so a run never stays "running" here after it ended. Figures are
 * named for whose they are (see {@link FigureLabels}).
 */
@Route("admin/runs")
@PageTitle("Runs · Rivulet")
@Menu(title = "Runs", order = 11)
@RolesAllowed("ADMIN")
class RunsView extends VerticalLayout {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int LIMIT = 500;

    private final AdminRunService service;
    private final List<AdminRunService.RunSummary> shown = new ArrayList<>();
    private final ListDataProvider<AdminRunService.RunSummary> rows = new ListDataProvider<>(shown);
    final ComboBox<String> user = new ComboBox<>("User");
    final ComboBox<String> model = new ComboBox<>("Model");
    final ComboBox<String> workflow = new ComboBox<>("Workflow");
    final Select<Optional<RunStatus>> status = new Select<>();
    final DateTimePicker from = new DateTimePicker("From (UTC)");
    final DateTimePicker to = new DateTimePicker("To (UTC)");
    final Grid<AdminRunService.RunSummary> grid = new Grid<>();

    RunsView(AdminRunService service, DashboardBroadcaster broadcaster) {
        this.service = service;
        broadcaster.refreshWhileAttached(this, this::refresh);
        setSizeFull();
        user.setItems(service.usernamesSorted());
        user.setClearButtonVisible(true);
        model.setItems(service.models());
        model.setClearButtonVisible(true);
        workflow.setItems(service.workflows());
        workflow.setClearButtonVisible(true);
        status.setLabel("Status");
        status.setItems(statusChoices());
        status.setItemLabelGenerator(s -> s.map(RunStatus::wireName).orElse("any"));
        status.setValue(Optional.empty());
        from.setId("runs-from");
        to.setId("runs-to");
        user.addValueChangeListener(e -> refresh());
        model.addValueChangeListener(e -> refresh());
        workflow.addValueChangeListener(e -> refresh());
        status.addValueChangeListener(e -> refresh());
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        Button reload = new Button("Refresh", click -> refresh());

        HorizontalLayout filters = new HorizontalLayout(user, model, workflow, status, from, to, reload);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("runs-grid");
        grid.addColumn(r -> TIME.format(r.run().startedAt())).setHeader("Started (UTC)").setAutoWidth(true);
        grid.addColumn(AdminRunService.RunSummary::username).setHeader("User").setAutoWidth(true);
        grid.addColumn(r -> r.run().model()).setHeader("Model").setAutoWidth(true);
        grid.addColumn(r -> r.run().workflow()).setHeader("Workflow").setAutoWidth(true);
        grid.addColumn(r -> r.run().status().wireName()).setHeader("Status").setAutoWidth(true);
        grid.addColumn(r -> millis(r.run().ttftMs())).setHeader(FigureLabels.SEND_TO_FIRST_TOKEN).setKey("ttft")
                .setAutoWidth(true);
        grid.addColumn(r -> millis(r.run().totalMs())).setHeader(FigureLabels.SEND_TO_END).setKey("total")
                .setAutoWidth(true);
        grid.addColumn(r -> r.run().tokens() == null ? "" : r.run().tokens().toString())
                .setHeader(FigureLabels.MODEL_TOKENS).setKey("tokens").setAutoWidth(true);
        grid.addColumn(r -> rate(r.run().tokensPerSecond())).setHeader(FigureLabels.MODEL_EVAL_RATE).setKey("tps")
                .setAutoWidth(true);
        grid.addColumn(r -> r.errorTitle() == null ? "" : r.errorTitle()).setHeader("Error").setAutoWidth(true);
        grid.addColumn(r -> String.join(", ", r.flags())).setHeader("Flags").setKey("flags").setAutoWidth(true);
        grid.addColumn(r -> r.run().traceId() == null ? "" : r.run().traceId()).setHeader("Trace").setKey("trace")
                .setAutoWidth(true);
        grid.addComponentColumn(r -> {
            Button open = new Button("Stream log", click -> openLog(r));
            open.setEnabled(r.hasLog());
            return open;
        }).setHeader("Stream log");
        grid.addItemDoubleClickListener(e -> openLog(e.getItem()));
        grid.setItems(rows);
        grid.setSizeFull();

        Span explanation = new Span(FigureLabels.EXPLANATION);
        explanation.setId("runs-figures-explained");
        explanation.addClassNames("text-s", "text-secondary");
        add(new H2("Runs"), filters, new Span("Newest first, at most " + LIMIT + "."), grid, explanation);
        refresh();
    }

    void refresh() {
        Instant start = utc(from.getValue());
        Instant end = utc(to.getValue());
        if (start != null && end != null && !start.isBefore(end)) {
            to.setInvalid(true);
            to.setErrorMessage("Must be after 'From'");
            show(List.of());
            return;
        }
        to.setInvalid(false);
        Long userId = user.getValue() == null ? null : service.userId(user.getValue()).orElse(-1L);
        show(service.find(new RunQuery(userId, model.getValue(), workflow.getValue(),
                status.getValue() == null ? null : status.getValue().orElse(null), start, end, LIMIT)));
    }

    /** Replaces the rows in place, so a live refresh keeps the grid where the admin scrolled it. */
    private void show(List<AdminRunService.RunSummary> found) {
        shown.clear();
        shown.addAll(found);
        rows.refreshAll();
    }

    void openLog(AdminRunService.RunSummary run) {
        try {
            new StreamLogDialog(service.log(run.run().runId())).open();
        } catch (NotFoundException e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_WARNING);
        }
    }

    private static List<Optional<RunStatus>> statusChoices() {
        List<Optional<RunStatus>> choices = new ArrayList<>();
        choices.add(Optional.empty());
        for (RunStatus s : RunStatus.values()) {
            choices.add(Optional.of(s));
        }
        return choices;
    }

    private static Instant utc(LocalDateTime value) {
        return value == null ? null : value.atZone(ZoneId.of("UTC")).toInstant();
    }

    static String millis(Long ms) {
        return ms == null ? "" : ms + " ms";
    }

    static String rate(Double tokensPerSecond) {
        return tokensPerSecond == null ? "" : SvgCharts.format(tokensPerSecond) + " " + FigureLabels.TOKENS_PER_SECOND;
    }
}
